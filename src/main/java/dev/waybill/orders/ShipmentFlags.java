package dev.waybill.orders;

import dev.waybill.orders.OrderChangeListener.Change;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What other features learn about a shipment and store on it without changing its status: delivery
 * estimates (promises) and the at-risk flag (delays). Each write bumps the order's revision, so
 * cached lookups are rendered again, and is announced only after its commit.
 */
@ApplicationScoped
public class ShipmentFlags {

  /** A shipment the delay check found late, and why. */
  public record AtRiskFlag(UUID shipmentId, String reason) {}

  /** A shipment's new delivery estimate. */
  public record Estimate(
      UUID shipmentId,
      LocalDate likely,
      LocalDate earliest,
      LocalDate latest,
      LocalDate safe,
      String level,
      String confidence,
      int samples,
      OffsetDateTime computedAt) {}

  private static final String FLAG =
      """
      UPDATE shipments s
         SET at_risk_since = now(), at_risk_reason = c.reason,
             at_risk_episode = s.at_risk_episode + 1,
             at_risk_baseline = COALESCE(s.estimate_latest, s.at_risk_baseline),
             updated_at = now()
        FROM unnest($1::uuid[], $2::text[]) AS c(id, reason), orders o
       WHERE s.id = c.id AND o.id = s.order_id AND s.at_risk_since IS NULL
      RETURNING s.id, s.store_id, s.order_id, o.order_number, s.sequence, s.carrier_code,
                s.tracking_number, s.at_risk_episode, s.at_risk_reason, s.estimate_likely,
                s.estimate_latest, s.carrier_estimated_delivery, s.last_event_at
      """;

  private static final String CLEAR =
      """
      UPDATE shipments
         SET at_risk_since = NULL, at_risk_reason = NULL, updated_at = now()
       WHERE id = ANY($1) AND at_risk_since IS NOT NULL
      RETURNING order_id
      """;

  private static final String AT_RISK_OUTBOX =
      """
      INSERT INTO outbox (store_id, topic, aggregate_id, sequence, payload)
      VALUES ($1, 'shipment.at_risk', $2, $3, $4)
      """;

  private static final String CLEAR_ESTIMATES =
      """
      UPDATE shipments
         SET estimate_likely = NULL, estimate_earliest = NULL, estimate_latest = NULL,
             estimate_safe = NULL, estimate_level = NULL, estimate_confidence = NULL,
             estimate_samples = NULL, estimate_updated_at = now()
       WHERE id = ANY($1)
      """;

  private static final String SET_ESTIMATE =
      """
      UPDATE shipments
         SET estimate_likely = $2, estimate_earliest = $3, estimate_latest = $4,
             estimate_safe = $5, estimate_level = $6, estimate_confidence = $7,
             estimate_samples = $8, estimate_updated_at = $9
       WHERE id = $1
      """;

  private static final String BUMP =
      """
      UPDATE orders SET revision = revision + 1, updated_at = now()
       WHERE id = ANY($1)
      RETURNING store_id, order_number, revision
      """;

  private final Pool pool;
  private final OrderChanges changes;

  public ShipmentFlags(Pool pool, OrderChanges changes) {
    this.pool = pool;
    this.changes = changes;
  }

  /**
   * Flags shipments at risk of arriving late, each with a {@code shipment.at_risk} event. A
   * shipment another pod flagged first is skipped. Answers the reasons of those flagged here.
   */
  public Uni<List<String>> flagAtRisk(List<AtRiskFlag> flags) {
    if (flags.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    UUID[] ids = flags.stream().map(AtRiskFlag::shipmentId).toArray(UUID[]::new);
    String[] reasons = flags.stream().map(AtRiskFlag::reason).toArray(String[]::new);
    List<Change> touched = new ArrayList<>();
    List<String> flagged = new ArrayList<>();
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(FLAG)
                    .execute(Tuple.of(ids, reasons))
                    .chain(
                        rows -> {
                          List<Tuple> events = new ArrayList<>();
                          Set<UUID> orders = new LinkedHashSet<>();
                          for (Row r : rows) {
                            orders.add(r.getUUID("order_id"));
                            flagged.add(r.getString("at_risk_reason"));
                            events.add(
                                Tuple.of(
                                    r.getUUID("store_id"),
                                    r.getUUID("id"),
                                    r.getLong("sequence"),
                                    atRisk(r).encode()));
                          }
                          if (events.isEmpty()) {
                            return Uni.createFrom().voidItem();
                          }
                          return conn.preparedQuery(AT_RISK_OUTBOX)
                              .executeBatch(events)
                              .chain(() -> bump(conn, orders, touched));
                        }))
        .call(() -> changes.committedAll(touched))
        .replaceWith(flagged);
  }

  /** Clears the flag of shipments that are moving again or arrived; answers how many. */
  public Uni<Integer> clearAtRisk(List<UUID> shipmentIds) {
    if (shipmentIds.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    List<Change> touched = new ArrayList<>();
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(CLEAR)
                    .execute(Tuple.of(shipmentIds.toArray(UUID[]::new)))
                    .chain(
                        rows -> {
                          Set<UUID> orders = new LinkedHashSet<>();
                          rows.forEach(r -> orders.add(r.getUUID("order_id")));
                          return bump(conn, orders, touched).replaceWith(rows.rowCount());
                        }))
        .call(() -> changes.committedAll(touched));
  }

  /**
   * Stores new estimates and clears stale ones for shipments of {@code orders}, together with
   * {@code alongside} (the caller's own audit rows) in one transaction.
   */
  public Uni<Void> estimates(
      List<Estimate> estimates,
      List<UUID> cleared,
      Collection<UUID> orders,
      Function<SqlConnection, Uni<Void>> alongside) {
    if (estimates.isEmpty() && cleared.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Tuple> rows = new ArrayList<>(estimates.size());
    for (Estimate e : estimates) {
      rows.add(
          Tuple.from(
              new Object[] {
                e.shipmentId(),
                e.likely(),
                e.earliest(),
                e.latest(),
                e.safe(),
                e.level(),
                e.confidence(),
                e.samples(),
                e.computedAt()
              }));
    }
    List<Change> touched = new ArrayList<>();
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(CLEAR_ESTIMATES)
                    .execute(Tuple.of(cleared.toArray(UUID[]::new)))
                    .chain(
                        () ->
                            rows.isEmpty()
                                ? Uni.createFrom().voidItem()
                                : conn.preparedQuery(SET_ESTIMATE)
                                    .executeBatch(rows)
                                    .replaceWithVoid())
                    .chain(() -> alongside.apply(conn))
                    .chain(() -> bump(conn, orders, touched)))
        .call(() -> changes.committedAll(touched));
  }

  private static Uni<Void> bump(SqlConnection conn, Collection<UUID> orders, List<Change> touched) {
    if (orders.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return conn.preparedQuery(BUMP)
        .execute(Tuple.of(orders.toArray(UUID[]::new)))
        .invoke(
            (RowSet<Row> bumped) ->
                bumped.forEach(
                    r ->
                        touched.add(
                            new Change(
                                r.getUUID("store_id"),
                                r.getString("order_number"),
                                r.getLong("revision")))))
        .replaceWithVoid();
  }

  /** Names the order and parcel the way the other shipment events do, so receivers can match it. */
  private static JsonObject atRisk(Row r) {
    return new JsonObject()
        .put("orderId", r.getUUID("order_id").toString())
        .put("orderNumber", r.getString("order_number"))
        .put("shipmentId", r.getUUID("id").toString())
        .put("carrier", r.getString("carrier_code"))
        .put("trackingNumber", r.getString("tracking_number"))
        .put("reason", r.getString("at_risk_reason"))
        .put("episode", r.getInteger("at_risk_episode"))
        .put("likely", text(r.getLocalDate("estimate_likely")))
        .put("latest", text(r.getLocalDate("estimate_latest")))
        .put("carrierEstimate", text(r.getLocalDate("carrier_estimated_delivery")))
        .put(
            "lastScanAt",
            r.getOffsetDateTime("last_event_at") == null
                ? null
                : r.getOffsetDateTime("last_event_at").toString());
  }

  private static String text(Object o) {
    return o == null ? null : o.toString();
  }
}
