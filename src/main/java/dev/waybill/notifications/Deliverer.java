package dev.waybill.notifications;

import dev.waybill.notifications.Composer.Rendered;
import dev.waybill.notifications.MessageContext.ShipmentData;
import dev.waybill.notifications.email.EmailSender;
import dev.waybill.notifications.sms.SmsSender;
import dev.waybill.platform.observability.Masking;
import dev.waybill.shipping.ExceptionReason;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends due messages: claims them ({@code SKIP LOCKED} plus a lease, so two pods never take the
 * same one), renders, sends and records the outcome. Messages of one order go out one after the
 * other, in the order their events happened; different orders go in parallel.
 */
@ApplicationScoped
public class Deliverer {

  private static final String CLAIM =
      "UPDATE notifications n SET claimed_by = $1, claimed_until = now() + make_interval(secs =>"
          + " $2), attempts = n.attempts + 1 FROM (SELECT id FROM notifications WHERE status ="
          + " 'PENDING' AND available_at <= now() AND (claimed_until IS NULL OR claimed_until <"
          + " now()) ORDER BY available_at, outbox_id LIMIT $3 FOR UPDATE SKIP LOCKED) due WHERE"
          + " n.id = due.id RETURNING n.id, n.store_id, n.order_id, n.shipment_id, n.trigger,"
          + " n.channel, n.reason, n.changed_at, n.scanned_at, n.attempts, n.available_at,"
          + " n.outbox_id";

  /** One claimed message. */
  record Claimed(
      UUID id,
      UUID storeId,
      UUID orderId,
      UUID shipmentId,
      Trigger trigger,
      Channel channel,
      ExceptionReason reason,
      OffsetDateTime changedAt,
      OffsetDateTime scannedAt,
      int attempts,
      OffsetDateTime availableAt,
      long outboxId) {}

  private final Pool pool;
  private final Contexts contexts;
  private final Composer composer;
  private final EmailSender email;
  private final SmsSender sms;
  private final OptOuts optOuts;
  private final NotificationMetrics metrics;
  private final NotificationsConfig config;

  public Deliverer(
      Pool pool,
      Contexts contexts,
      Composer composer,
      EmailSender email,
      SmsSender sms,
      OptOuts optOuts,
      NotificationMetrics metrics,
      NotificationsConfig config) {
    this.pool = pool;
    this.contexts = contexts;
    this.composer = composer;
    this.email = email;
    this.sms = sms;
    this.optOuts = optOuts;
    this.metrics = metrics;
    this.config = config;
  }

  /** Claims and sends one batch; the number of messages claimed is the result. */
  public Uni<Integer> sendDue(String owner) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(owner, (double) config.lease().toSeconds(), config.claimSize()))
        .chain(
            rows -> {
              List<Claimed> claimed = new ArrayList<>();
              for (Row r : rows) {
                claimed.add(claimed(r));
              }
              if (claimed.isEmpty()) {
                return Uni.createFrom().item(0);
              }
              claimed.sort(
                  Comparator.comparing(Claimed::availableAt).thenComparing(Claimed::outboxId));
              return send(owner, claimed).replaceWith(claimed.size());
            });
  }

  private Uni<Void> send(String owner, List<Claimed> claimed) {
    Set<UUID> orderIds = new HashSet<>();
    Set<UUID> shipmentIds = new HashSet<>();
    for (Claimed c : claimed) {
      orderIds.add(c.orderId());
      if (c.shipmentId() != null) {
        shipmentIds.add(c.shipmentId());
      }
    }
    return contexts
        .orders(orderIds)
        .chain(
            orders ->
                contexts
                    .shipments(shipmentIds)
                    .chain(
                        shipments ->
                            sentToday(orderIds)
                                .chain(
                                    counts ->
                                        optOuts
                                            .among(hashes(orders.values()))
                                            .chain(
                                                optedOut ->
                                                    sendAll(
                                                        owner, claimed, orders, shipments, counts,
                                                        optedOut)))));
  }

  private Uni<Void> sendAll(
      String owner,
      List<Claimed> claimed,
      Map<UUID, MessageContext> orders,
      Map<UUID, ShipmentData> shipments,
      Map<String, Integer> counts,
      Set<String> optedOut) {
    Map<UUID, List<Claimed>> byOrder = new LinkedHashMap<>();
    for (Claimed c : claimed) {
      byOrder.computeIfAbsent(c.orderId(), k -> new ArrayList<>()).add(c);
    }
    return Multi.createFrom()
        .iterable(byOrder.values())
        .onItem()
        .transformToUni(
            group -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (Claimed c : group) {
                chain =
                    chain.chain(
                        () -> {
                          MessageContext order = orders.get(c.orderId());
                          if (order == null) {
                            return finish(c, owner, "SKIPPED", "the order no longer exists");
                          }
                          MessageContext ctx =
                              c.shipmentId() == null
                                  ? order
                                  : Contexts.withShipment(order, shipments.get(c.shipmentId()));
                          return Uni.createFrom()
                              .deferred(() -> one(owner, c, ctx, counts, optedOut))
                              .onFailure()
                              .recoverWithUni(e -> failed(owner, c, e));
                        });
              }
              return chain;
            })
        .merge(config.concurrency())
        .collect()
        .asList()
        .replaceWithVoid();
  }

  private Uni<Void> one(
      String owner,
      Claimed c,
      MessageContext ctx,
      Map<String, Integer> counts,
      Set<String> optedOut) {
    String address = c.channel() == Channel.EMAIL ? ctx.email() : ctx.phone();
    boolean wanted = c.channel() == Channel.EMAIL ? ctx.notifyEmail() : ctx.notifySms();
    if (address == null || !wanted) {
      metrics.skipped(c.channel(), c.trigger(), "opted_out");
      return finish(c, owner, "SKIPPED", "the shopper did not opt in to this channel");
    }
    if (optedOut.contains(
        OptOuts.key(ctx.storeId(), c.channel(), OptOuts.hash(c.channel(), address)))) {
      metrics.skipped(c.channel(), c.trigger(), "unsubscribed");
      return finish(c, owner, "SKIPPED", "the shopper unsubscribed");
    }
    if (c.changedAt() != null
        && c.changedAt().plus(config.staleAfter()).isBefore(OffsetDateTime.now(ZoneOffset.UTC))) {
      metrics.skipped(c.channel(), c.trigger(), "stale");
      return finish(c, owner, "SKIPPED", "too old to be news when it could be sent");
    }
    String countKey = c.orderId() + "|" + c.channel();
    if (counts.getOrDefault(countKey, 0) >= config.dailyCap()) {
      metrics.skipped(c.channel(), c.trigger(), "daily_cap");
      return finish(c, owner, "SKIPPED", "daily limit of messages for this order reached");
    }
    if (c.channel() == Channel.SMS) {
      OffsetDateTime quietUntil = quietUntil(ctx, OffsetDateTime.now(ZoneOffset.UTC));
      if (quietUntil != null) {
        metrics.deferred(c.channel(), c.trigger());
        return defer(c, owner, quietUntil);
      }
    }
    Rendered r = composer.render(c.trigger(), ctx, c.reason());
    Uni<String> sent =
        c.channel() == Channel.EMAIL
            ? email
                .send(
                    new EmailSender.Email(
                        address,
                        ctx.store().name(),
                        ctx.store().supportEmail(),
                        r.subject(),
                        r.html(),
                        r.text(),
                        composer.unsubscribeUrl(ctx.orderId(), Channel.EMAIL),
                        c.id().toString()))
                .replaceWith("")
            : sms.send(address, r.sms());
    return sent.chain(
        providerId -> {
          counts.merge(countKey, 1, Integer::sum);
          metrics.sent(c.channel(), c.trigger(), c.changedAt(), c.scannedAt());
          return pool.preparedQuery(
                  "UPDATE notifications SET status = 'SENT', sent_at = now(), recipient = $3,"
                      + " subject = $4, provider_id = $5, last_error = NULL, claimed_by = NULL,"
                      + " claimed_until = NULL WHERE id = $1 AND claimed_by = $2")
              .execute(
                  Tuple.of(
                      c.id(),
                      owner,
                      address,
                      truncate(c.channel() == Channel.EMAIL ? r.subject() : r.sms(), 300),
                      providerId == null || providerId.isEmpty() ? null : providerId))
              .replaceWithVoid();
        });
  }

  /**
   * Gives back every message this owner has claimed and not finished (graceful shutdown), without
   * counting the claim as an attempt, so another pod sends them at once.
   */
  public Uni<Integer> release(String owner) {
    return pool.preparedQuery(
            "UPDATE notifications SET claimed_by = NULL, claimed_until = NULL, attempts ="
                + " GREATEST(attempts - 1, 0) WHERE claimed_by = $1 AND status = 'PENDING'")
        .execute(Tuple.of(owner))
        .map(rows -> rows.rowCount());
  }

  private Uni<Void> failed(String owner, Claimed c, Throwable e) {
    String error = truncate(String.valueOf(e.getMessage()), 1000);
    if (dev.waybill.platform.errors.Outages.unreachable(e)) {
      // The mail server or SMS provider is down: the message waits in the outbox and spends no
      // attempt, however long the outage lasts (it is still skipped once too old to be news).
      metrics.failed(c.channel(), c.trigger());
      Log.debugf("Notification %s waits: its provider is unreachable (%s)", c.id(), error);
      return pool.preparedQuery(
              "UPDATE notifications SET available_at = now() + make_interval(secs => $3),"
                  + " last_error = $4, attempts = GREATEST(attempts - 1, 0), claimed_by = NULL,"
                  + " claimed_until = NULL WHERE id = $1 AND claimed_by = $2")
          .execute(Tuple.of(c.id(), owner, config.backoff().toMillis() / 1000.0, error))
          .replaceWithVoid()
          .onFailure()
          .recoverWithItem(
              x -> {
                Log.warnf("Could not record a failed send of %s; its lease expires", c.id());
                return null;
              });
    }
    boolean permanent = e instanceof SmsSender.SmsException s && s.permanent();
    if (permanent || c.attempts() >= config.maxAttempts()) {
      Log.warnf(
          "Notification %s (%s by %s) is dead after %d attempts: %s",
          c.id(),
          c.trigger(),
          c.channel(),
          c.attempts(),
          // Providers' refusals quote the address ("550 <ada@...> unknown"); the log must not.
          Masking.mask(error));
      metrics.dead(c.channel(), c.trigger());
      return finish(c, owner, "DEAD", error);
    }
    metrics.failed(c.channel(), c.trigger());
    Duration wait = backoff(config.backoff(), config.maxBackoff(), c.attempts());
    Log.debugf("Notification %s failed (%s); retrying in %s", c.id(), Masking.mask(error), wait);
    return pool.preparedQuery(
            "UPDATE notifications SET available_at = now() + make_interval(secs => $3), last_error"
                + " = $4, claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND claimed_by ="
                + " $2")
        .execute(Tuple.of(c.id(), owner, wait.toMillis() / 1000.0, error))
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(
            x -> {
              Log.warnf("Could not record a failed send of %s; its lease expires", c.id());
              return null;
            });
  }

  private Uni<Void> finish(Claimed c, String owner, String status, String detail) {
    return pool.preparedQuery(
            "UPDATE notifications SET status = $3, last_error = $4, claimed_by = NULL,"
                + " claimed_until = NULL WHERE id = $1 AND claimed_by = $2")
        .execute(Tuple.of(c.id(), owner, status, detail))
        .replaceWithVoid();
  }

  private Uni<Void> defer(Claimed c, String owner, OffsetDateTime until) {
    // Deferral is not an attempt: give it back.
    return pool.preparedQuery(
            "UPDATE notifications SET available_at = $3, deferred_until = $3, attempts ="
                + " GREATEST(attempts - 1, 0), claimed_by = NULL, claimed_until = NULL WHERE id ="
                + " $1 AND claimed_by = $2")
        .execute(Tuple.of(c.id(), owner, until))
        .replaceWithVoid();
  }

  /** When quiet hours end, if it is quiet now in the shopper's time zone; else null. */
  OffsetDateTime quietUntil(MessageContext ctx, OffsetDateTime now) {
    NotificationsConfig.QuietHours q = config.quietHours();
    if (!q.enabled() || q.start().equals(q.end())) {
      return null;
    }
    ZoneId zone = zone(ctx.timeZone(), zone(ctx.store().timeZone(), ZoneOffset.UTC));
    ZonedDateTime local = now.atZoneSameInstant(zone);
    LocalTime t = local.toLocalTime();
    LocalDate day = local.toLocalDate();
    boolean overnight = q.start().isAfter(q.end());
    if (overnight) {
      if (!t.isBefore(q.start())) {
        return ZonedDateTime.of(day.plusDays(1), q.end(), zone).toOffsetDateTime();
      }
      if (t.isBefore(q.end())) {
        return ZonedDateTime.of(day, q.end(), zone).toOffsetDateTime();
      }
      return null;
    }
    if (!t.isBefore(q.start()) && t.isBefore(q.end())) {
      return ZonedDateTime.of(day, q.end(), zone).toOffsetDateTime();
    }
    return null;
  }

  private static ZoneId zone(String id, ZoneId fallback) {
    if (id == null || id.isBlank()) {
      return fallback;
    }
    try {
      return ZoneId.of(id);
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  static Duration backoff(Duration first, Duration max, int attempts) {
    long factor = 1L << Math.min(Math.max(attempts - 1, 0), 30);
    Duration d = first.multipliedBy(factor);
    return d.compareTo(max) > 0 || d.isNegative() ? max : d;
  }

  private Uni<Map<String, Integer>> sentToday(Set<UUID> orderIds) {
    return pool.preparedQuery(
            "SELECT order_id, channel, count(*) AS n FROM notifications WHERE order_id = ANY($1)"
                + " AND status = 'SENT' AND sent_at > now() - interval '24 hours' GROUP BY"
                + " order_id, channel")
        .execute(Tuple.of(orderIds.toArray(new UUID[0])))
        .map(
            rows -> {
              // Groups of different orders update it from several event loops at once.
              Map<String, Integer> out = new ConcurrentHashMap<>();
              for (Row r : rows) {
                out.put(r.getUUID("order_id") + "|" + r.getString("channel"), r.getInteger("n"));
              }
              return out;
            });
  }

  private static List<String> hashes(java.util.Collection<MessageContext> orders) {
    List<String> out = new ArrayList<>();
    for (MessageContext o : orders) {
      if (o.email() != null) {
        out.add(OptOuts.hash(Channel.EMAIL, o.email()));
      }
      if (o.phone() != null) {
        out.add(OptOuts.hash(Channel.SMS, o.phone()));
      }
    }
    return out;
  }

  private static Claimed claimed(Row r) {
    return new Claimed(
        r.getUUID("id"),
        r.getUUID("store_id"),
        r.getUUID("order_id"),
        r.getUUID("shipment_id"),
        Trigger.valueOf(r.getString("trigger")),
        Channel.valueOf(r.getString("channel")),
        Contexts.reasonOf(r.getString("reason")),
        r.getOffsetDateTime("changed_at"),
        r.getOffsetDateTime("scanned_at"),
        r.getInteger("attempts"),
        r.getOffsetDateTime("available_at"),
        r.getLong("outbox_id") == null ? 0L : r.getLong("outbox_id"));
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
