package dev.waybill.orders;

import dev.waybill.platform.queue.Backoff;
import dev.waybill.platform.queue.LeasedQueue;
import dev.waybill.platform.queue.QueueSpec;
import dev.waybill.shipping.TrackingStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Leases on due shipments, so any number of pods share the polling and none polls a shipment twice.
 * A lease that is never released (the pod died) expires and the shipment is due again. A claim
 * takes thousands of shipments in one statement, and failures and hand-backs are one statement per
 * batch.
 */
@ApplicationScoped
public class ShipmentLeases {

  private static final String CLAIM =
      """
      UPDATE shipments s SET lease_owner = $1, lease_until = now() + make_interval(secs => $2)
      FROM (SELECT id FROM shipments WHERE next_poll_at <= $4
        AND (lease_until IS NULL OR lease_until < now()) AND carrier_code = ANY($5)
        ORDER BY next_poll_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
      WHERE s.id = due.id RETURNING s.id, s.order_id, s.store_id, s.carrier_code,
        s.tracking_number, s.status, s.last_event_at, s.created_at, s.poll_failures""";

  private final Pool pool;
  private final LeasedQueue<PolledShipment> queue;

  public ShipmentLeases(Pool pool, Clock clock) {
    this.pool = pool;
    // The poller passes its configured lease and claim size with each claim, and its backoff with
    // each failure; the figures here are its defaults.
    this.queue =
        new LeasedQueue<>(
            pool,
            clock,
            new QueueSpec(
                "shipments",
                "lease_owner",
                "lease_until",
                "next_poll_at",
                CLAIM,
                Duration.ofMinutes(2),
                2000,
                Backoff.jittered(Duration.ofMinutes(1), Duration.ofHours(2)),
                "",
                ""),
            ShipmentLeases::shipment);
  }

  /** Leases up to {@code limit} due shipments of the given carriers for {@code owner}. */
  public Uni<List<PolledShipment>> claim(
      String owner, List<String> carriers, int limit, Duration lease) {
    if (carriers.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    String[] codes = carriers.toArray(new String[0]);
    return queue.claim(
        owner, limit, lease, l -> Tuple.of(l.owner(), l.seconds(), l.limit(), l.now(), codes));
  }

  /** Carrier calls failed: try again after {@code backoff}, counting the failure. */
  public Uni<Void> failed(List<UUID> ids, Duration backoff) {
    return queue.retryAllAfter(
        ids.toArray(new UUID[0]), backoff, "poll_failures = poll_failures + 1");
  }

  /**
   * Hands shipments back unpolled and without counting a failure: they stay due, and are claimed
   * again once their carrier may be called.
   */
  public Uni<Void> release(List<UUID> ids) {
    return queue.release(ids.toArray(new UUID[0]));
  }

  /**
   * Hands shipments back unpolled with a later poll each, without counting a failure: their carrier
   * has no calls to spare for them yet.
   */
  public Uni<Void> defer(List<UUID> ids, List<Duration> delays) {
    if (ids.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    java.time.OffsetDateTime now = queue.now();
    java.time.OffsetDateTime[] due = new java.time.OffsetDateTime[delays.size()];
    for (int i = 0; i < due.length; i++) {
      due[i] = now.plus(delays.get(i));
    }
    return pool.preparedQuery(
            """
                UPDATE shipments s
                SET next_poll_at = d.due, lease_owner = NULL, lease_until = NULL
                FROM unnest($1::uuid[], $2::timestamptz[]) AS d(id, due)
                WHERE s.id = d.id
                """)
        .execute(Tuple.of(ids.toArray(new UUID[0]), due))
        .replaceWithVoid();
  }

  /** Where a shipment goes and the shopper's language, as a carrier's tracking call may use. */
  public record Destination(String postalCode, String country, String locale) {}

  /**
   * The destinations of shipments: the carrier's own when it reported one, else the order's
   * shipping address; the order's locale.
   */
  public Uni<java.util.Map<UUID, Destination>> destinations(List<UUID> ids) {
    return pool.preparedQuery(
            """
                SELECT s.id,
                    COALESCE(s.destination_postal_code, o.ship_postal_code) AS postal_code,
                    COALESCE(s.destination_country, o.ship_country) AS country,
                    o.locale
                FROM shipments s
                JOIN orders o ON o.id = s.order_id
                WHERE s.id = ANY($1)
                """)
        .execute(Tuple.of(ids.toArray(new UUID[0])))
        .map(
            rows -> {
              java.util.Map<UUID, Destination> out = new java.util.HashMap<>();
              for (Row r : rows) {
                out.put(
                    r.getUUID("id"),
                    new Destination(
                        r.getString("postal_code"), r.getString("country"), r.getString("locale")));
              }
              return out;
            });
  }

  /** Gives back every lease this owner holds (graceful shutdown), so others can take them. */
  public Uni<Integer> releaseAll(String owner) {
    return queue.releaseAll(owner);
  }

  /** Shipments tracked under this carrier and number, in every store (for carrier pushes). */
  public Uni<List<PolledShipment>> byTrackingNumber(String carrier, String trackingNumber) {
    return pool.preparedQuery(
            """
                SELECT id, order_id, store_id, carrier_code, tracking_number, status,
                    last_event_at, created_at, poll_failures
                FROM shipments
                WHERE carrier_code = $1 AND tracking_number = $2
                """)
        .execute(Tuple.of(carrier, Shipment.normalize(trackingNumber)))
        .map(
            rows -> {
              List<PolledShipment> out = new ArrayList<>();
              rows.forEach(r -> out.add(shipment(r)));
              return out;
            });
  }

  /** These shipments, as the carrier network sees them; ids of shipments gone are left out. */
  public Uni<List<PolledShipment>> byIds(List<UUID> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return pool.preparedQuery(
            """
                SELECT id, order_id, store_id, carrier_code, tracking_number, status,
                    last_event_at, created_at, poll_failures
                FROM shipments
                WHERE id = ANY($1)
                """)
        .execute(Tuple.of(ids.toArray(new UUID[0])))
        .map(
            rows -> {
              List<PolledShipment> out = new ArrayList<>();
              rows.forEach(r -> out.add(shipment(r)));
              return out;
            });
  }

  /** How many shipments are due now and not leased: the worker backlog. */
  public Uni<Long> due() {
    return pool.query(
            """
                SELECT count(*) AS n
                FROM shipments
                WHERE next_poll_at <= now() AND (lease_until IS NULL OR lease_until <
                    now())
                """)
        .execute()
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  private static PolledShipment shipment(Row r) {
    return new PolledShipment(
        r.getUUID("id"),
        r.getUUID("order_id"),
        r.getUUID("store_id"),
        r.getString("carrier_code"),
        r.getString("tracking_number"),
        TrackingStatus.valueOf(r.getString("status")),
        r.getOffsetDateTime("last_event_at"),
        r.getOffsetDateTime("created_at"),
        r.getInteger("poll_failures"));
  }
}
