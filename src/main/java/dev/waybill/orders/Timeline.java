package dev.waybill.orders;

import dev.waybill.platform.concurrency.Permits;
import dev.waybill.platform.security.KeyHashing;
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

  private static final String INSERT_EVENT =
      """
          INSERT INTO tracking_events (id, shipment_id, occurred_at, occurred_offset,
              status, exception_reason, carrier_code, description, city, region,
              postal_code, country, source, dedupe_key, raw)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
          ON CONFLICT (shipment_id, dedupe_key) DO NOTHING
          """;

  /** Locks the shipments (in id order, so two writers never deadlock) with their latest event. */
  private static final String LOCK_WITH_LATEST =
      """
          SELECT s.id, s.order_id, s.status, s.sequence, s.last_event_at,
              s.delivered_at, s.shipped_at, o.order_number, l.status AS l_status,
              l.exception_reason AS l_reason, l.description AS l_description,
              l.occurred_at AS l_occurred_at
          FROM shipments s
          JOIN orders o ON o.id = s.order_id
          LEFT JOIN LATERAL (SELECT status, exception_reason, description, occurred_at
              FROM tracking_events e WHERE e.shipment_id = s.id ORDER BY occurred_at
              DESC, recorded_at DESC LIMIT 1) l ON true
          WHERE s.id = ANY($1)
          ORDER BY s.id
          FOR UPDATE OF s
          """;

  private static final String UPDATE_REPORTED =
      """
          UPDATE shipments
          SET status = $2, status_detail = COALESCE($3, status_detail),
              exception_reason = $4, last_event_at = $5, delivered_at = $6,
              shipped_at = $7,
              carrier_estimated_delivery = COALESCE($8, carrier_estimated_delivery),
              delivery_window_start = COALESCE($9, delivery_window_start),
              delivery_window_end = COALESCE($10, delivery_window_end),
              signed_by = COALESCE($11, signed_by),
              proof_of_delivery_url = COALESCE($12, proof_of_delivery_url),
              service_level = COALESCE(service_level, $13), sequence = $14,
              next_poll_at = CASE WHEN $15 THEN NULL ELSE next_poll_at END,
              updated_at = now()
          WHERE id = $1
          """;

  private static final String UPDATE_SHIPMENT =
      """
          UPDATE shipments
          SET status = $2, status_detail = COALESCE($3, status_detail),
              exception_reason = $4, last_event_at = $5, delivered_at = $6,
              shipped_at = $7,
              carrier_estimated_delivery = COALESCE($8, carrier_estimated_delivery),
              delivery_window_start = COALESCE($9, delivery_window_start),
              delivery_window_end = COALESCE($10, delivery_window_end),
              signed_by = COALESCE($11, signed_by),
              proof_of_delivery_url = COALESCE($12, proof_of_delivery_url),
              service_level = COALESCE(service_level, $13), sequence = $14,
              next_poll_at = $15, lease_owner = NULL, lease_until = NULL,
              poll_failures = 0, last_polled_at = now(), updated_at = now()
          WHERE id = $1
          """;

  private static final String RESCHEDULE =
      """
          UPDATE shipments
          SET next_poll_at = $2, lease_owner = NULL, lease_until = NULL,
              poll_failures = 0, last_polled_at = now()
          WHERE id = $1
          """;

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
   * Applies a batch of carrier results in one transaction and schedules each shipment's next poll.
   *
   * <p>The commit does not wait for the disk: a carrier result can always be fetched again. If the
   * database crashes before it flushes, the whole transaction is gone (events, status changes and
   * their outbox rows together) and the next poll finds the same news and writes it again. A
   * carrier push is safe too: its inbox row is marked processed by a later, flushed commit, and
   * flushing the log flushes everything written before it.
   */
  private Uni<List<Applied>> write(List<Update> updates, EventSource source) {
    if (updates.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return pool.withTransaction(
        conn ->
            conn.query("SET LOCAL synchronous_commit = off")
                .execute()
                .chain(() -> write(conn, updates, source)));
  }

  private Uni<List<Applied>> write(SqlConnection conn, List<Update> updates, EventSource source) {
    Map<UUID, Update> byId = new LinkedHashMap<>();
    List<Tuple> eventRows = new ArrayList<>();
    List<UUID> eventOwners = new ArrayList<>();
    for (Update u : updates) {
      byId.put(u.shipment().id(), u);
      List<ReportedEvent> events = u.result().events();
      for (int i = 0; i < events.size(); i++) {
        String key = u.eventKeys() == null ? contentKey(events.get(i)) : u.eventKeys().get(i);
        eventRows.add(eventRow(u.shipment(), events.get(i), source, key));
        eventOwners.add(u.shipment().id());
      }
    }
    Uni<Map<UUID, Integer>> inserted =
        eventRows.isEmpty()
            ? Uni.createFrom().item(Map.of())
            : conn.preparedQuery(INSERT_EVENT)
                .executeBatch(eventRows)
                .map(rows -> insertedPerShipment(rows, eventOwners));
    return inserted.chain(
        counts ->
            conn.preparedQuery(LOCK_WITH_LATEST)
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
      chain = chain.call(() -> conn.preparedQuery(UPDATE_SHIPMENT).executeBatch(full));
    }
    if (!reported.isEmpty()) {
      chain = chain.call(() -> conn.preparedQuery(UPDATE_REPORTED).executeBatch(reported));
    }
    if (!reschedules.isEmpty()) {
      chain = chain.call(() -> conn.preparedQuery(RESCHEDULE).executeBatch(reschedules));
    }
    if (!changes.isEmpty()) {
      chain =
          chain
              .call(
                  () ->
                      conn.preparedQuery(
                              """
                                  INSERT INTO status_changes (id, shipment_id, store_id,
                                      sequence, from_status, to_status, reason,
                                      occurred_at, source)
                                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                                  """)
                          .executeBatch(changes))
              .call(
                  () ->
                      conn.preparedQuery(
                              """
                                  INSERT INTO outbox (store_id, topic, aggregate_id,
                                      sequence, payload)
                                  VALUES ($1, 'shipment.status_changed', $2, $3, $4)
                                  """)
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
              nextPoll
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
    return conn.preparedQuery(
            """
        SELECT order_id, status
        FROM shipments
        WHERE order_id = ANY($1)
        """)
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
              return conn.preparedQuery(
                      """
                          UPDATE orders
                          SET status = $2, revision = revision + 1, updated_at = now()
                          WHERE id = $1
                          RETURNING id, revision
                          """)
                  .executeBatch(updates);
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

  private static Map<UUID, Integer> insertedPerShipment(RowSet<Row> rows, List<UUID> owners) {
    Map<UUID, Integer> counts = new HashMap<>();
    int i = 0;
    for (RowSet<Row> r = rows; r != null && i < owners.size(); r = r.next(), i++) {
      if (r.rowCount() > 0) {
        counts.merge(owners.get(i), r.rowCount(), Integer::sum);
      }
    }
    return counts;
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

  private static boolean sameEstimate(TrackingReport r) {
    return r.estimatedDelivery() == null
        && r.windowStart() == null
        && r.signedBy() == null
        && r.proofOfDeliveryUrl() == null;
  }

  /** The key that makes a carrier's repeated event a no-op: its time, code, status and place. */
  private static String contentKey(ReportedEvent e) {
    return "c:"
        + KeyHashing.sha256Hex(
            String.join(
                "|",
                e.occurredAt().toInstant().toString(),
                String.valueOf(e.carrierCode()),
                e.status().name(),
                String.valueOf(e.city()),
                String.valueOf(e.postalCode()),
                String.valueOf(e.description())));
  }

  private static Tuple eventRow(
      PolledShipment s, ReportedEvent e, EventSource source, String dedupe) {
    OffsetDateTime at = e.occurredAt();
    String offset = at.getOffset().getId().equals("Z") ? "+00:00" : at.getOffset().getId();
    return Tuple.from(
        new Object[] {
          UUID.randomUUID(),
          s.id(),
          at,
          offset,
          e.status().name(),
          e.reason() == null ? null : e.reason().name(),
          truncate(e.carrierCode(), 64),
          truncate(e.description(), 500),
          truncate(e.city(), 100),
          truncate(e.region(), 100),
          truncate(e.postalCode(), 20),
          e.country() == null || e.country().length() != 2 ? null : e.country(),
          source.name(),
          dedupe,
          e.raw()
        });
  }

  private static ExceptionReason reason(String value) {
    try {
      return value == null ? null : ExceptionReason.valueOf(value);
    } catch (IllegalArgumentException e) {
      Log.warnf("Unknown exception reason %s in the database", value);
      return null;
    }
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
