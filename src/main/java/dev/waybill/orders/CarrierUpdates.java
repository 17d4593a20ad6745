package dev.waybill.orders;

import dev.waybill.carriers.PollSchedule;
import dev.waybill.carriers.spi.CarrierEvent;
import dev.waybill.carriers.spi.TrackResult;
import dev.waybill.platform.security.KeyHashing;
import dev.waybill.tracking.ExceptionReason;
import dev.waybill.tracking.TrackingStatus;
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
import java.util.List;
import java.util.UUID;

/**
 * Applies what carriers report to shipments: events are stored once, the current status follows the
 * latest event by the time it happened, and a status change is recorded together with an outbox
 * event in the same transaction. Works on the reactive pool with plain SQL because the poller runs
 * thousands of these per second.
 */
@ApplicationScoped
public class CarrierUpdates {

  /** What applying a result did. */
  public record Applied(
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
      return newEvents > 0 || statusChanged();
    }
  }

  private static final String INSERT_EVENT =
      "INSERT INTO tracking_events (id, shipment_id, occurred_at, occurred_offset, status,"
          + " exception_reason, carrier_code, description, city, region, postal_code, country,"
          + " source, dedupe_key, raw) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
          + " $13, $14, $15) ON CONFLICT (shipment_id, dedupe_key) DO NOTHING";

  private static final String LOCK_SHIPMENT =
      "SELECT s.status, s.sequence, s.last_event_at, s.delivered_at, s.shipped_at, o.order_number,"
          + " s.store_id FROM shipments s JOIN orders o ON o.id = s.order_id WHERE s.id = $1"
          + " FOR UPDATE OF s";

  private static final String LATEST_EVENT =
      "SELECT status, exception_reason, description, occurred_at FROM tracking_events"
          + " WHERE shipment_id = $1 ORDER BY occurred_at DESC, recorded_at DESC LIMIT 1";

  private final Pool pool;
  private final PollSchedule schedule;
  private final Counter statusChanges;

  public CarrierUpdates(Pool pool, PollSchedule schedule, MeterRegistry metrics) {
    this.pool = pool;
    this.schedule = schedule;
    this.statusChanges = metrics.counter("waybill.shipments.status.changes");
  }

  /**
   * Applies one carrier result in one transaction and schedules the next poll.
   *
   * <p>The commit does not wait for the disk: a carrier result can always be fetched again. If the
   * database crashes before it flushes, the whole transaction is gone (events, status change and
   * its outbox row together) and the next poll finds the same news and writes it again. Waiting for
   * each flush capped the poller at a few hundred shipments a second.
   */
  public Uni<Applied> apply(PolledShipment s, TrackResult result, EventSource source) {
    return pool.withTransaction(
        conn ->
            conn.query("SET LOCAL synchronous_commit = off")
                .execute()
                .chain(() -> apply(conn, s, result, source)));
  }

  private Uni<Applied> apply(
      SqlConnection conn, PolledShipment s, TrackResult result, EventSource source) {
    List<Tuple> rows = new ArrayList<>(result.events().size());
    List<String> unknown = new ArrayList<>();
    for (CarrierEvent e : result.events()) {
      if (e.status() == TrackingStatus.UNKNOWN && e.carrierCode() != null) {
        unknown.add(e.carrierCode());
      }
      rows.add(eventRow(s, e, source));
    }
    Uni<Integer> inserted =
        rows.isEmpty()
            ? Uni.createFrom().item(0)
            : conn.preparedQuery(INSERT_EVENT).executeBatch(rows).map(CarrierUpdates::rowCount);
    return inserted.chain(
        count ->
            conn.preparedQuery(LOCK_SHIPMENT)
                .execute(Tuple.of(s.id()))
                .chain(
                    locked -> {
                      Row current = locked.iterator().next();
                      return count == 0 && sameEstimate(result)
                          ? reschedule(conn, s, current, result, count, unknown)
                          : update(conn, s, current, result, count, source, unknown);
                    }));
  }

  private Uni<Applied> update(
      SqlConnection conn,
      PolledShipment s,
      Row current,
      TrackResult result,
      int newEvents,
      EventSource source,
      List<String> unknown) {
    TrackingStatus from = TrackingStatus.valueOf(current.getString("status"));
    return conn.preparedQuery(LATEST_EVENT)
        .execute(Tuple.of(s.id()))
        .chain(
            latestRows -> {
              TrackingStatus to = from;
              ExceptionReason reason = null;
              String detail = null;
              OffsetDateTime lastEventAt = current.getOffsetDateTime("last_event_at");
              if (latestRows.size() > 0) {
                Row latest = latestRows.iterator().next();
                TrackingStatus candidate = TrackingStatus.valueOf(latest.getString("status"));
                to = forwardOnly(from, candidate);
                if (to == candidate) {
                  reason = reason(latest.getString("exception_reason"));
                  detail = latest.getString("description");
                }
                lastEventAt = latest.getOffsetDateTime("occurred_at");
              }
              final TrackingStatus next = to;
              long sequence = current.getLong("sequence") + (from != to ? 1 : 0);
              OffsetDateTime delivered = current.getOffsetDateTime("delivered_at");
              if (next == TrackingStatus.DELIVERED && delivered == null) {
                delivered = lastEventAt;
              }
              OffsetDateTime shipped = current.getOffsetDateTime("shipped_at");
              if (shipped == null
                  && next.step() != null
                  && next.step().ordinal() >= dev.waybill.tracking.TimelineStep.SHIPPED.ordinal()) {
                shipped = firstShipped(result, lastEventAt);
              }
              Duration wait = schedule.afterChange(next);
              Uni<Void> write =
                  conn.preparedQuery(
                          "UPDATE shipments SET status = $2, status_detail = COALESCE($3,"
                              + " status_detail), exception_reason = $4, last_event_at = $5,"
                              + " delivered_at = $6, shipped_at = $7, carrier_estimated_delivery ="
                              + " COALESCE($8, carrier_estimated_delivery), delivery_window_start ="
                              + " COALESCE($9, delivery_window_start), delivery_window_end ="
                              + " COALESCE($10, delivery_window_end), signed_by = COALESCE($11,"
                              + " signed_by), proof_of_delivery_url = COALESCE($12,"
                              + " proof_of_delivery_url), service_level = COALESCE(service_level,"
                              + " $13), sequence = $14, next_poll_at = $15, lease_owner = NULL,"
                              + " lease_until = NULL, poll_failures = 0, last_polled_at = now(),"
                              + " updated_at = now() WHERE id = $1")
                      .execute(
                          Tuple.from(
                              new Object[] {
                                s.id(),
                                next.name(),
                                detail,
                                reason == null ? null : reason.name(),
                                lastEventAt,
                                delivered,
                                shipped,
                                result.estimatedDelivery(),
                                result.windowStart(),
                                result.windowEnd(),
                                result.signedBy(),
                                result.proofOfDeliveryUrl(),
                                result.serviceLevel(),
                                sequence,
                                wait == null ? null : now().plus(wait)
                              }))
                      .replaceWithVoid();
              if (from != next) {
                final ExceptionReason why = reason;
                final OffsetDateTime at = lastEventAt;
                write =
                    write.chain(
                        () ->
                            recordChange(conn, s, current, sequence, from, next, why, at, source));
              }
              return write
                  .chain(() -> touchOrder(conn, s.orderId()))
                  .map(
                      revision ->
                          new Applied(
                              s.storeId(),
                              current.getString("order_number"),
                              revision,
                              newEvents,
                              from,
                              next,
                              unknown));
            })
        .invoke(
            applied -> {
              if (applied.statusChanged()) {
                statusChanges.increment();
              }
            });
  }

  /** Nothing new: only the next poll moves. */
  private Uni<Applied> reschedule(
      SqlConnection conn,
      PolledShipment s,
      Row current,
      TrackResult result,
      int newEvents,
      List<String> unknown) {
    TrackingStatus status = TrackingStatus.valueOf(current.getString("status"));
    if (!status.isFinal()
        && schedule.expired(current.getOffsetDateTime("last_event_at"), s.createdAt())) {
      // No information for too long: nothing will come any more.
      return expire(conn, s, current, unknown);
    }
    Duration wait = result.found() ? schedule.afterNoChange(status) : schedule.notFound();
    return conn.preparedQuery(
            "UPDATE shipments SET next_poll_at = $2, lease_owner = NULL, lease_until = NULL,"
                + " poll_failures = 0, last_polled_at = now() WHERE id = $1")
        .execute(Tuple.of(s.id(), wait == null ? null : now().plus(wait)))
        .map(
            ignored ->
                new Applied(
                    s.storeId(),
                    current.getString("order_number"),
                    0,
                    newEvents,
                    status,
                    status,
                    unknown));
  }

  private Uni<Applied> expire(
      SqlConnection conn, PolledShipment s, Row current, List<String> unknown) {
    TrackingStatus from = TrackingStatus.valueOf(current.getString("status"));
    long sequence = current.getLong("sequence") + 1;
    return conn.preparedQuery(
            "UPDATE shipments SET status = 'EXPIRED', sequence = $2, next_poll_at = NULL,"
                + " lease_owner = NULL, lease_until = NULL, last_polled_at = now(), updated_at ="
                + " now() WHERE id = $1")
        .execute(Tuple.of(s.id(), sequence))
        .chain(
            () ->
                recordChange(
                    conn,
                    s,
                    current,
                    sequence,
                    from,
                    TrackingStatus.EXPIRED,
                    null,
                    now(),
                    EventSource.POLL))
        .chain(() -> touchOrder(conn, s.orderId()))
        .map(
            revision ->
                new Applied(
                    s.storeId(),
                    current.getString("order_number"),
                    revision,
                    0,
                    from,
                    TrackingStatus.EXPIRED,
                    unknown));
  }

  private Uni<Void> recordChange(
      SqlConnection conn,
      PolledShipment s,
      Row current,
      long sequence,
      TrackingStatus from,
      TrackingStatus to,
      ExceptionReason reason,
      OffsetDateTime occurredAt,
      EventSource source) {
    JsonObject payload =
        new JsonObject()
            .put("shipmentId", s.id().toString())
            .put("orderId", s.orderId().toString())
            .put("orderNumber", current.getString("order_number"))
            .put("carrier", s.carrierCode())
            .put("trackingNumber", s.trackingNumber())
            .put("sequence", sequence)
            .put("previousStatus", from.name())
            .put("status", to.name())
            .put("reason", reason == null ? null : reason.name())
            .put("occurredAt", occurredAt == null ? null : occurredAt.toString())
            .put("source", source.name());
    return conn.preparedQuery(
            "INSERT INTO status_changes (id, shipment_id, store_id, sequence, from_status,"
                + " to_status, reason, occurred_at, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
                + " $9)")
        .execute(
            Tuple.from(
                new Object[] {
                  UUID.randomUUID(),
                  s.id(),
                  s.storeId(),
                  sequence,
                  from.name(),
                  to.name(),
                  reason == null ? null : reason.name(),
                  occurredAt == null ? now() : occurredAt,
                  source.name()
                }))
        .chain(
            () ->
                conn.preparedQuery(
                        "INSERT INTO outbox (store_id, topic, aggregate_id, sequence, payload)"
                            + " VALUES ($1, 'shipment.status_changed', $2, $3, $4)")
                    .execute(Tuple.of(s.storeId(), s.id(), sequence, payload.encode())))
        .replaceWithVoid();
  }

  /** Bumps the order's revision (the cache guard) and re-derives its overall status. */
  private static Uni<Long> touchOrder(SqlConnection conn, UUID orderId) {
    return conn.preparedQuery("SELECT status FROM shipments WHERE order_id = $1")
        .execute(Tuple.of(orderId))
        .chain(
            rows -> {
              List<TrackingStatus> statuses = new ArrayList<>();
              rows.forEach(r -> statuses.add(TrackingStatus.valueOf(r.getString("status"))));
              return conn.preparedQuery(
                      "UPDATE orders SET status = $2, revision = revision + 1, updated_at = now()"
                          + " WHERE id = $1 RETURNING revision")
                  .execute(Tuple.of(orderId, OrderStatus.of(statuses).name()));
            })
        .map(rows -> rows.iterator().next().getLong("revision"));
  }

  /**
   * A parcel only moves forward: once delivered, a late ordinary scan can't undo it, though an
   * exception or a return still can.
   */
  static TrackingStatus forwardOnly(TrackingStatus current, TrackingStatus candidate) {
    if (current == TrackingStatus.DELIVERED
        && candidate != TrackingStatus.DELIVERED
        && candidate != TrackingStatus.EXCEPTION
        && candidate != TrackingStatus.RETURNED_TO_SENDER) {
      return current;
    }
    if (candidate == TrackingStatus.UNKNOWN) {
      return current;
    }
    return candidate;
  }

  private static OffsetDateTime firstShipped(TrackResult result, OffsetDateTime fallback) {
    OffsetDateTime first = null;
    for (CarrierEvent e : result.events()) {
      if (e.status().step() != null
          && e.status().step().ordinal() >= dev.waybill.tracking.TimelineStep.SHIPPED.ordinal()
          && (first == null || e.occurredAt().isBefore(first))) {
        first = e.occurredAt();
      }
    }
    return first == null ? fallback : first;
  }

  private static boolean sameEstimate(TrackResult r) {
    return r.estimatedDelivery() == null
        && r.windowStart() == null
        && r.signedBy() == null
        && r.proofOfDeliveryUrl() == null;
  }

  private static Tuple eventRow(PolledShipment s, CarrierEvent e, EventSource source) {
    OffsetDateTime at = e.occurredAt();
    String offset = at.getOffset().getId().equals("Z") ? "+00:00" : at.getOffset().getId();
    String dedupe =
        "c:"
            + KeyHashing.sha256Hex(
                String.join(
                    "|",
                    at.toInstant().toString(),
                    String.valueOf(e.carrierCode()),
                    e.status().name(),
                    String.valueOf(e.city()),
                    String.valueOf(e.postalCode()),
                    String.valueOf(e.description())));
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

  private static int rowCount(RowSet<Row> rows) {
    int total = 0;
    for (RowSet<Row> r = rows; r != null; r = r.next()) {
      total += r.rowCount();
    }
    return total;
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
