package dev.waybill.orders;

import dev.waybill.platform.concurrency.Permits;
import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.OrderStatus;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TimelineStep;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import dev.waybill.shipping.Transitions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one writer of a shipment's story, whoever reports it: carrier polls and pushes, the
 * merchant's API, and every later source. Events are stored once (deduplicated by key), the current
 * status follows the latest event by the time it happened as the kernel's {@link Transitions}
 * allow, and a status change is recorded together with its outbox row in the same transaction.
 * Listeners hear about the change only after the commit.
 *
 * <p>A whole poll batch is applied in one transaction of a few array statements, whatever its size:
 * the poller handles thousands of shipments a second, and a round trip per statement per shipment
 * capped it at a few hundred.
 */
@ApplicationScoped
public class Timeline {

  /** What applying a result did to one shipment. */
  public record Applied(
      UUID shipmentId,
      UUID storeId,
      String orderNumber,
      long revision,
      int newEvents,
      TrackingStatus from,
      TrackingStatus to,
      List<String> unknownCodes) {

    public boolean statusChanged() {
      return from != to;
    }

    public boolean changed() {
      return revision > 0;
    }
  }

  /**
   * One shipment and what was reported about it.
   *
   * @param eventKeys the reporter's own idempotency key per event, in the order of the report's
   *     events; {@code null} derives each key from the event's content
   */
  public record Update(PolledShipment shipment, TrackingReport result, List<String> eventKeys) {

    public Update(PolledShipment shipment, TrackingReport result) {
      this(shipment, result, null);
    }
  }

  private final Pool pool;
  private final PollPolicy schedule;
  private final OrderChanges changes;
  private final Counter statusChanges;

  public Timeline(Pool pool, PollPolicy schedule, OrderChanges changes, MeterRegistry metrics) {
    this.pool = pool;
    this.schedule = schedule;
    this.changes = changes;
    this.statusChanges = metrics.counter("waybill.shipments.status.changes");
  }

  /** Applies one report (a push, a merchant event) in its own transaction. */
  public Uni<Applied> apply(PolledShipment s, TrackingReport result, EventSource source) {
    return apply(new Update(s, result), source);
  }

  /** Applies one report with its reporter's own event keys. */
  public Uni<Applied> apply(Update update, EventSource source) {
    return applyAll(List.of(update), source).map(list -> list.get(0));
  }

  /** Applies reports in one transaction, then tells listeners what changed. */
  public Uni<List<Applied>> applyAll(List<Update> updates, EventSource source) {
    return applyAll(updates, source, null);
  }

  /**
   * Applies reports in one transaction, taking one of {@code writes} for the transaction only, then
   * tells listeners what changed. The permits keep a burst of batches from taking every database
   * connection; announcing (cache evictions) needs none.
   */
  public Uni<List<Applied>> applyAll(List<Update> updates, EventSource source, Permits writes) {
    Uni<List<Applied>> written =
        writes == null ? write(updates, source) : writes.run(() -> write(updates, source));
    return written.call(this::announce);
  }

  private Uni<Void> announce(List<Applied> applied) {
    List<OrderChangeListener.Change> changed = new ArrayList<>();
    for (Applied a : applied) {
      if (a.changed()) {
        changed.add(new OrderChangeListener.Change(a.storeId(), a.orderNumber(), a.revision()));
      }
    }
    return changes.committedAll(changed);
  }

  /**
   * Applies a batch of reports in one transaction; carrier results also schedule each shipment's
   * next poll.
   *
   * <p>For carrier results the commit does not wait for the disk: they can always be fetched again.
   * If the database crashes before it flushes, the whole transaction is gone (events, status
   * changes and their outbox rows together) and the next poll finds the same news and writes it
   * again. A carrier push is safe too: its inbox row is marked processed by a later, flushed
   * commit, and flushing the log flushes everything written before it.
   */
  private Uni<List<Applied>> write(List<Update> updates, EventSource source) {
    if (updates.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    if (!polled(source)) {
      // A merchant was told 201: what they sent must survive a crash.
      return pool.withTransaction(conn -> write(conn, updates, source));
    }
    return pool.withTransaction(
        conn ->
            conn.query("SET LOCAL synchronous_commit = off")
                .execute()
                .chain(() -> write(conn, updates, source)));
  }

  private Uni<List<Applied>> write(SqlConnection conn, List<Update> updates, EventSource source) {
    Map<UUID, Update> byId = new LinkedHashMap<>();
    for (Update u : updates) {
      byId.put(u.shipment().id(), u);
    }
    return TimelineEvents.insert(conn, updates, source)
        .chain(
            counts ->
                conn.preparedQuery(TimelineStatements.LOCK_WITH_LATEST)
                    .execute(Tuple.of(byId.keySet().toArray(new UUID[0])))
                    .chain(locked -> write(conn, byId, counts, locked, source)));
  }

  /** The decision for one shipment, and the statements it needs. */
  private record Decision(
      Update update,
      Row current,
      int newEvents,
      TrackingStatus from,
      TrackingStatus to,
      long sequence,
      ExceptionReason reason,
      OffsetDateTime changedAt,
      Tuple write,
      boolean full) {}

  private Uni<List<Applied>> write(
      SqlConnection conn,
      Map<UUID, Update> byId,
      Map<UUID, Integer> counts,
      RowSet<Row> locked,
      EventSource source) {
    List<Decision> decisions = new ArrayList<>();
    for (Row current : locked) {
      Update u = byId.get(current.getUUID("id"));
      decisions.add(decide(u, current, counts.getOrDefault(u.shipment().id(), 0), source));
    }
    List<Tuple> full = new ArrayList<>();
    List<Tuple> reported = new ArrayList<>();
    List<Tuple> reschedules = new ArrayList<>();
    List<Tuple> changes = new ArrayList<>();
    List<Tuple> outbox = new ArrayList<>();
    Map<UUID, Boolean> touchedOrders = new LinkedHashMap<>();
    for (Decision d : decisions) {
      if (d.write() == null) {
        continue;
      }
      (d.full() ? (polled(source) ? full : reported) : reschedules).add(d.write());
      if (d.full()) {
        touchedOrders.put(d.current().getUUID("order_id"), true);
      }
      if (d.from() != d.to()) {
        PolledShipment s = d.update().shipment();
        changes.add(
            Tuple.from(
                new Object[] {
                  UUID.randomUUID(),
                  s.id(),
                  s.storeId(),
                  d.sequence(),
                  d.from().name(),
                  d.to().name(),
                  d.reason() == null ? null : d.reason().name(),
                  d.changedAt() == null ? now() : d.changedAt(),
                  source.name()
                }));
        outbox.add(Tuple.of(s.storeId(), s.id(), d.sequence(), payload(d, source).encode()));
      }
    }
    Uni<Void> chain = Uni.createFrom().voidItem();
    if (!full.isEmpty()) {
      chain =
          chain.call(
              () -> conn.preparedQuery(TimelineStatements.UPDATE_SHIPMENT).executeBatch(full));
    }
    if (!reported.isEmpty()) {
      chain =
          chain.call(
              () -> conn.preparedQuery(TimelineStatements.UPDATE_REPORTED).executeBatch(reported));
    }
    if (!reschedules.isEmpty()) {
      chain =
          chain.call(
              () -> conn.preparedQuery(TimelineStatements.RESCHEDULE).executeBatch(reschedules));
    }
    if (!changes.isEmpty()) {
      chain =
          chain
              .call(
                  () ->
                      conn.preparedQuery(TimelineStatements.INSERT_STATUS_CHANGE)
                          .executeBatch(changes))
              .call(
                  () ->
                      conn.preparedQuery(TimelineStatements.INSERT_STATUS_OUTBOX)
                          .executeBatch(outbox));
    }
    return chain
        .chain(() -> touchOrders(conn, new ArrayList<>(touchedOrders.keySet())))
        .map(
            revisions -> {
              List<Applied> out = new ArrayList<>(decisions.size());
              for (Decision d : decisions) {
                PolledShipment s = d.update().shipment();
                long revision =
                    d.full() ? revisions.getOrDefault(d.current().getUUID("order_id"), 0L) : 0L;
                if (d.from() != d.to()) {
                  statusChanges.increment();
                }
                out.add(
                    new Applied(
                        s.id(),
                        s.storeId(),
                        d.current().getString("order_number"),
                        revision,
                        d.newEvents(),
                        d.from(),
                        d.to(),
                        unknownCodes(d.update().result())));
              }
              return out;
            });
  }

  /** What to write for one shipment; a repeated merchant report writes nothing at all. */
  private Decision decide(Update u, Row current, int newEvents, EventSource source) {
    PolledShipment s = u.shipment();
    TrackingReport result = u.result();
    TrackingStatus from = TrackingStatus.valueOf(current.getString("status"));
    long sequence = current.getLong("sequence");
    OffsetDateTime lastEventAt = current.getOffsetDateTime("last_event_at");
    boolean news = newEvents > 0 || !sameEstimate(result);
    if (!news && !polled(source)) {
      return new Decision(u, current, 0, from, from, sequence, null, null, null, false);
    }
    if (!news) {
      if (!from.isFinal() && schedule.expired(lastEventAt, s.createdAt())) {
        // No information for too long: nothing will come any more.
        return fullWrite(
            u,
            current,
            0,
            from,
            TrackingStatus.EXPIRED,
            sequence + 1,
            null,
            null,
            lastEventAt,
            null,
            source);
      }
      Duration wait = result.found() ? schedule.afterNoChange(from) : schedule.notFound();
      return new Decision(
          u,
          current,
          0,
          from,
          from,
          sequence,
          null,
          null,
          Tuple.of(s.id(), wait == null ? null : now().plus(wait)),
          false);
    }
    TrackingStatus to = from;
    ExceptionReason reason = null;
    String detail = null;
    String latestStatus = current.getString("l_status");
    if (latestStatus != null) {
      TrackingStatus candidate = TrackingStatus.valueOf(latestStatus);
      to = Transitions.next(from, candidate, source);
      if (to == candidate) {
        reason = reason(current.getString("l_reason"));
        detail = current.getString("l_description");
      }
      lastEventAt = current.getOffsetDateTime("l_occurred_at");
    }
    return fullWrite(
        u,
        current,
        newEvents,
        from,
        to,
        sequence + (from != to ? 1 : 0),
        reason,
        detail,
        lastEventAt,
        lastEventAt,
        source);
  }

  private Decision fullWrite(
      Update u,
      Row current,
      int newEvents,
      TrackingStatus from,
      TrackingStatus to,
      long sequence,
      ExceptionReason reason,
      String detail,
      OffsetDateTime lastEventAt,
      OffsetDateTime changedAt,
      EventSource source) {
    TrackingReport r = u.result();
    OffsetDateTime delivered = current.getOffsetDateTime("delivered_at");
    if (to == TrackingStatus.DELIVERED && delivered == null) {
      delivered = lastEventAt;
    } else if (to != TrackingStatus.DELIVERED && source.overrules()) {
      // A corrected delivery never happened.
      delivered = null;
    }
    OffsetDateTime shipped = current.getOffsetDateTime("shipped_at");
    if (shipped == null
        && to.step() != null
        && to.step().ordinal() >= TimelineStep.SHIPPED.ordinal()) {
      shipped = firstShipped(r, lastEventAt);
    }
    Duration wait = schedule.afterChange(to);
    // A merchant's report leaves the poll schedule alone, unless nothing more will come.
    Object nextPoll = polled(source) ? (wait == null ? null : now().plus(wait)) : to.isFinal();
    Tuple write =
        Tuple.from(
            new Object[] {
              u.shipment().id(),
              to.name(),
              detail,
              reason == null ? null : reason.name(),
              lastEventAt,
              delivered,
              shipped,
              r.estimatedDelivery(),
              r.windowStart(),
              r.windowEnd(),
              r.signedBy(),
              r.proofOfDeliveryUrl(),
              r.serviceLevel(),
              sequence,
              nextPoll,
              carrierLink(r.carrierLink())
            });
    return new Decision(
        u,
        current,
        newEvents,
        from,
        to,
        sequence,
        reason,
        changedAt == null ? now() : changedAt,
        write,
        true);
  }

  /** Bumps each order's revision (the cache guard) and re-derives its overall status. */
  private static Uni<Map<UUID, Long>> touchOrders(SqlConnection conn, List<UUID> orderIds) {
    if (orderIds.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return conn.preparedQuery(TimelineStatements.ORDER_STATUSES)
        .execute(Tuple.of(orderIds.toArray(new UUID[0])))
        .chain(
            rows -> {
              Map<UUID, List<TrackingStatus>> statuses = new HashMap<>();
              rows.forEach(
                  r ->
                      statuses
                          .computeIfAbsent(r.getUUID("order_id"), k -> new ArrayList<>())
                          .add(TrackingStatus.valueOf(r.getString("status"))));
              List<Tuple> updates = new ArrayList<>(orderIds.size());
              for (UUID id : orderIds) {
                updates.add(
                    Tuple.of(id, OrderStatus.of(statuses.getOrDefault(id, List.of())).name()));
              }
              return conn.preparedQuery(TimelineStatements.BUMP_ORDERS).executeBatch(updates);
            })
        .map(
            rows -> {
              Map<UUID, Long> revisions = new HashMap<>();
              for (RowSet<Row> r = rows; r != null; r = r.next()) {
                for (Row row : r) {
                  revisions.put(row.getUUID("id"), row.getLong("revision"));
                }
              }
              return revisions;
            });
  }

  private static JsonObject payload(Decision d, EventSource source) {
    PolledShipment s = d.update().shipment();
    return new JsonObject()
        .put("shipmentId", s.id().toString())
        .put("orderId", s.orderId().toString())
        .put("orderNumber", d.current().getString("order_number"))
        .put("carrier", s.carrierCode())
        .put("trackingNumber", s.trackingNumber())
        .put("sequence", d.sequence())
        .put("previousStatus", d.from().name())
        .put("status", d.to().name())
        .put("reason", d.reason() == null ? null : d.reason().name())
        .put("occurredAt", d.changedAt() == null ? null : d.changedAt().toString())
        .put("source", source.name());
  }

  /** Whether the report came from the carrier network, which owns the poll schedule. */
  private static boolean polled(EventSource source) {
    return source == EventSource.POLL || source == EventSource.WEBHOOK;
  }

  private static List<String> unknownCodes(TrackingReport result) {
    List<String> unknown = new ArrayList<>();
    for (ReportedEvent e : result.events()) {
      if (e.status() == TrackingStatus.UNKNOWN && e.carrierCode() != null) {
        unknown.add(e.carrierCode());
      }
    }
    return unknown;
  }

  private static OffsetDateTime firstShipped(TrackingReport result, OffsetDateTime fallback) {
    OffsetDateTime first = null;
    for (ReportedEvent e : result.events()) {
      if (e.status().step() != null
          && e.status().step().ordinal() >= TimelineStep.SHIPPED.ordinal()
          && (first == null || e.occurredAt().isBefore(first))) {
        first = e.occurredAt();
      }
    }
    return first == null ? fallback : first;
  }

  /** A carrier's link is kept only as a web address that fits the column. */
  static String carrierLink(String link) {
    if (link == null || link.length() > 2048) {
      return null;
    }
    String lower = link.toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("https://") || lower.startsWith("http://") ? link : null;
  }

  private static boolean sameEstimate(TrackingReport r) {
    return r.estimatedDelivery() == null
        && r.windowStart() == null
        && r.signedBy() == null
        && r.proofOfDeliveryUrl() == null;
  }

  private static ExceptionReason reason(String value) {
    try {
      return value == null ? null : ExceptionReason.valueOf(value);
    } catch (IllegalArgumentException e) {
      Log.warnf("Unknown exception reason %s in the database", value);
      return null;
    }
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
