package dev.waybill.notifications;

import dev.waybill.notifications.MessageContext.ShipmentData;
import dev.waybill.notifications.MessageQueue.Claimed;
import dev.waybill.notifications.sms.SmsSender;
import dev.waybill.platform.errors.Outages;
import dev.waybill.platform.observability.Masking;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Sends due messages: claims a batch from the {@link MessageQueue}, decides for each message
 * whether it still goes out (opt-in, unsubscribes, staleness, the daily cap, quiet hours), sends it
 * through the {@link MessageSender} and records the outcome. Messages of one order go out one after
 * the other, in the order their events happened; different orders go in parallel.
 */
@ApplicationScoped
public class Deliverer {

  private final MessageQueue queue;
  private final Contexts contexts;
  private final MessageSender sender;
  private final OptOuts optOuts;
  private final QuietHours quietHours;
  private final NotificationMetrics metrics;
  private final NotificationsConfig config;

  public Deliverer(
      MessageQueue queue,
      Contexts contexts,
      MessageSender sender,
      OptOuts optOuts,
      QuietHours quietHours,
      NotificationMetrics metrics,
      NotificationsConfig config) {
    this.queue = queue;
    this.contexts = contexts;
    this.sender = sender;
    this.optOuts = optOuts;
    this.quietHours = quietHours;
    this.metrics = metrics;
    this.config = config;
  }

  /** What a batch needs to know besides its messages, loaded once for the whole batch. */
  private record Batch(
      Map<UUID, MessageContext> orders,
      Map<UUID, ShipmentData> shipments,
      Map<String, Integer> sentToday,
      Set<String> optedOut) {}

  /** Claims and sends one batch; the number of messages claimed is the result. */
  public Uni<Integer> sendDue(String owner) {
    return queue
        .claim(owner)
        .chain(
            claimed ->
                claimed.isEmpty()
                    ? Uni.createFrom().item(0)
                    : load(claimed)
                        .chain(batch -> sendAll(owner, claimed, batch))
                        .replaceWith(claimed.size()));
  }

  /**
   * Gives back every message this owner has claimed and not finished (graceful shutdown), without
   * counting the claim as an attempt, so another pod sends them at once.
   */
  public Uni<Integer> release(String owner) {
    return queue.release(owner);
  }

  private Uni<Batch> load(List<Claimed> claimed) {
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
                            queue
                                .sentToday(orderIds)
                                .chain(
                                    counts ->
                                        optOuts
                                            .among(hashes(orders.values()))
                                            .map(
                                                optedOut ->
                                                    new Batch(
                                                        orders, shipments, counts, optedOut)))));
  }

  private Uni<Void> sendAll(String owner, List<Claimed> claimed, Batch batch) {
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
                chain = chain.chain(() -> sendOne(owner, c, batch));
              }
              return chain;
            })
        .merge(config.concurrency())
        .collect()
        .asList()
        .replaceWithVoid();
  }

  private Uni<Void> sendOne(String owner, Claimed c, Batch batch) {
    MessageContext order = batch.orders().get(c.orderId());
    if (order == null) {
      return queue.finish(c, owner, "SKIPPED", "the order no longer exists");
    }
    MessageContext ctx =
        c.shipmentId() == null
            ? order
            : Contexts.withShipment(order, batch.shipments().get(c.shipmentId()));
    return Uni.createFrom()
        .deferred(() -> one(owner, c, ctx, batch))
        .onFailure()
        .recoverWithUni(e -> failed(owner, c, e));
  }

  private Uni<Void> one(String owner, Claimed c, MessageContext ctx, Batch batch) {
    if (c.trigger() == Trigger.SUPPORT_REPLY) {
      return agentMessage(owner, c, ctx);
    }
    String address = c.channel() == Channel.EMAIL ? ctx.email() : ctx.phone();
    boolean wanted = c.channel() == Channel.EMAIL ? ctx.notifyEmail() : ctx.notifySms();
    if (address == null || !wanted) {
      metrics.skipped(c.channel(), c.trigger(), "opted_out");
      return queue.finish(c, owner, "SKIPPED", "the shopper did not opt in to this channel");
    }
    if (batch
        .optedOut()
        .contains(OptOuts.key(ctx.storeId(), c.channel(), OptOuts.hash(c.channel(), address)))) {
      metrics.skipped(c.channel(), c.trigger(), "unsubscribed");
      return queue.finish(c, owner, "SKIPPED", "the shopper unsubscribed");
    }
    OffsetDateTime now = queue.now();
    if (c.changedAt() != null && c.changedAt().plus(config.staleAfter()).isBefore(now)) {
      metrics.skipped(c.channel(), c.trigger(), "stale");
      return queue.finish(c, owner, "SKIPPED", "too old to be news when it could be sent");
    }
    String countKey = c.orderId() + "|" + c.channel();
    if (batch.sentToday().getOrDefault(countKey, 0) >= config.dailyCap()) {
      metrics.skipped(c.channel(), c.trigger(), "daily_cap");
      return queue.finish(c, owner, "SKIPPED", "daily limit of messages for this order reached");
    }
    if (c.channel() == Channel.SMS) {
      OffsetDateTime quietUntil = quietHours.until(ctx, now);
      if (quietUntil != null) {
        metrics.deferred(c.channel(), c.trigger());
        return queue.defer(c, owner, quietUntil);
      }
    }
    return sender
        .send(c, ctx, address)
        .chain(
            sent -> {
              batch.sentToday().merge(countKey, 1, Integer::sum);
              metrics.sent(c.channel(), c.trigger(), c.changedAt(), c.scannedAt());
              return queue.sent(
                  c, owner, address, truncate(sent.subject(), 300), sent.providerId());
            });
  }

  /**
   * A person's message answers the shopper, who asked: no choice of updates, daily cap or staleness
   * holds it back. Only erasure does.
   */
  private Uni<Void> agentMessage(String owner, Claimed c, MessageContext ctx) {
    if (c.content() == null || c.content().to() == null) {
      metrics.skipped(c.channel(), c.trigger(), "erased");
      return queue.finish(c, owner, "SKIPPED", "the message was erased with the shopper's data");
    }
    return sender
        .send(c, ctx, c.content().to())
        .chain(
            sent -> {
              metrics.sent(c.channel(), c.trigger(), null, null);
              return queue.sent(
                  c, owner, c.content().to(), truncate(sent.subject(), 300), sent.providerId());
            });
  }

  private Uni<Void> failed(String owner, Claimed c, Throwable e) {
    String error = truncate(String.valueOf(e.getMessage()), 1000);
    if (Outages.unreachable(e)) {
      // The mail server or SMS provider is down: the message waits in the outbox and spends no
      // attempt, however long the outage lasts (it is still skipped once too old to be news).
      metrics.failed(c.channel(), c.trigger());
      Log.debugf("Notification %s waits: its provider is unreachable (%s)", c.id(), error);
      return unlessUnrecorded(c, queue.awaitProvider(c, owner, error));
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
      return queue.finish(c, owner, "DEAD", error);
    }
    metrics.failed(c.channel(), c.trigger());
    Duration wait = queue.backoff(c.attempts());
    Log.debugf("Notification %s failed (%s); retrying in %s", c.id(), Masking.mask(error), wait);
    return unlessUnrecorded(c, queue.retry(c, owner, wait, error));
  }

  private static Uni<Void> unlessUnrecorded(Claimed c, Uni<Void> record) {
    return record
        .onFailure()
        .recoverWithItem(
            x -> {
              Log.warnf("Could not record a failed send of %s; its lease expires", c.id());
              return null;
            });
  }

  private static List<String> hashes(Collection<MessageContext> orders) {
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

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
