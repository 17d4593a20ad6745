package dev.waybill.insights.promises;

import dev.waybill.orders.OrderChangeListener;
import dev.waybill.orders.ShipmentFlags;
import dev.waybill.orders.ShipmentFlags.Estimate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Recomputes the estimates of an order's undelivered shipments after every committed change (a
 * scan, a new shipment), stores each one that moved with a row in its audit history, and announces
 * the change so lookups are rendered again. Stores without delivery history cost one cached check.
 */
@ApplicationScoped
public class ShipmentEstimates implements OrderChangeListener {

  private static final String OPEN_SHIPMENTS =
      """
          SELECT s.id, o.id AS order_id, o.order_number, o.placed_at, s.carrier_code,
              s.service_level, s.status, s.origin_postal_code, s.origin_country,
              s.origin_region,
              COALESCE(s.destination_postal_code, o.ship_postal_code) AS dpc,
              COALESCE(s.destination_country, o.ship_country) AS dc,
              COALESCE(s.destination_region, o.ship_region) AS dr, s.shipped_at,
              s.carrier_estimated_delivery, s.estimate_likely, s.estimate_earliest,
              s.estimate_latest, s.estimate_safe, l.occurred_at AS l_at,
              l.postal_code AS l_postal, l.country AS l_country, l.region AS l_region,
              st.time_zone, st.processing_days, st.order_cutoff
          FROM orders o
          JOIN shipments s ON s.order_id = o.id
          JOIN stores st ON st.id = o.store_id
          LEFT JOIN LATERAL (SELECT occurred_at, postal_code, country, region FROM
              tracking_events e WHERE e.shipment_id = s.id ORDER BY occurred_at DESC,
              recorded_at DESC LIMIT 1) l ON true
          WHERE o.store_id = $1 AND o.order_number = ANY($2) AND s.delivered_at IS NULL
          """;

  private static final String AUDIT =
      """
      INSERT INTO shipment_estimate_changes (id, shipment_id, store_id, likely, earliest, latest,
                                             safe, level, confidence, samples, carrier_estimate,
                                             status, computed_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
      """;

  private final Pool pool;
  private final PromiseModels models;
  private final PromisesConfig config;
  private final ShipmentFlags flags;
  private final Counter revised;

  public ShipmentEstimates(
      Pool pool,
      PromiseModels models,
      PromisesConfig config,
      ShipmentFlags flags,
      MeterRegistry metrics) {
    this.pool = pool;
    this.models = models;
    this.config = config;
    this.flags = flags;
    this.revised = metrics.counter("waybill.promises.estimates.revised");
  }

  @Override
  public Uni<Void> orderChanged(UUID storeId, String orderNumber, long revision) {
    return ordersChanged(List.of(new Change(storeId, orderNumber, revision)));
  }

  @Override
  public Uni<Void> ordersChanged(List<Change> changed) {
    if (!config.estimatesEnabled() || changed.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Map<UUID, List<String>> byStore = new LinkedHashMap<>();
    for (Change c : changed) {
      byStore.computeIfAbsent(c.storeId(), k -> new ArrayList<>()).add(c.orderNumber());
    }
    Context caller = Vertx.currentContext();
    Uni<Void> all = Uni.createFrom().voidItem();
    for (Map.Entry<UUID, List<String>> e : byStore.entrySet()) {
      all = all.call(() -> recompute(e.getKey(), e.getValue()));
    }
    // An estimate is a courtesy: failing here must never fail the change that triggered it.
    return all.onFailure()
        .recoverWithUni(
            t -> {
              Log.warnf(t, "Could not recompute delivery estimates");
              return Uni.createFrom().voidItem();
            })
        .chain(() -> backOn(caller));
  }

  /**
   * Loading a model finishes on a worker thread; callers may go on with work that must run on their
   * event loop (a Hibernate Reactive session), so they get their thread back.
   */
  private static Uni<Void> backOn(Context context) {
    if (context == null || Vertx.currentContext() == context) {
      return Uni.createFrom().voidItem();
    }
    return Uni.createFrom().emitter(e -> context.runOnContext(v -> e.complete(null)));
  }

  private Uni<Void> recompute(UUID storeId, List<String> orderNumbers) {
    return models
        .get(storeId)
        .chain(
            loaded -> {
              if (loaded.model().isEmpty()) {
                return Uni.createFrom().voidItem();
              }
              return pool.preparedQuery(OPEN_SHIPMENTS)
                  .execute(Tuple.of(storeId, orderNumbers.toArray(new String[0])))
                  .chain(rows -> write(storeId, loaded.model(), rows));
            });
  }

  private Uni<Void> write(
      UUID storeId, PromiseModel model, io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
    List<Estimate> updates = new ArrayList<>();
    List<UUID> cleared = new ArrayList<>();
    List<Tuple> audit = new ArrayList<>();
    Map<UUID, Boolean> orders = new LinkedHashMap<>();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    for (Row r : rows) {
      Prediction p = PostPurchase.estimate(model, facts(r));
      if (p == null && r.getLocalDate("estimate_likely") != null) {
        // Returned, expired or waiting at a pickup point: an old date would only mislead.
        cleared.add(r.getUUID("id"));
        orders.put(r.getUUID("order_id"), true);
      }
      if (p == null || same(p, r)) {
        continue;
      }
      UUID id = r.getUUID("id");
      int samples = (int) Math.min(Integer.MAX_VALUE, p.samples());
      updates.add(
          new Estimate(
              id,
              p.likely(),
              p.earliest(),
              p.latest(),
              p.safe(),
              p.level().value(),
              p.confidence().name(),
              samples,
              now));
      audit.add(
          Tuple.from(
              new Object[] {
                UUID.randomUUID(),
                id,
                storeId,
                p.likely(),
                p.earliest(),
                p.latest(),
                p.safe(),
                p.level().value(),
                p.confidence().name(),
                samples,
                r.getLocalDate("carrier_estimated_delivery"),
                r.getString("status"),
                now
              }));
      orders.put(r.getUUID("order_id"), true);
    }
    return flags
        .estimates(
            updates,
            cleared,
            orders.keySet(),
            conn ->
                audit.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : conn.preparedQuery(AUDIT).executeBatch(audit).replaceWithVoid())
        .invoke(() -> revised.increment(updates.size()));
  }

  private static boolean same(Prediction p, Row r) {
    return p.likely().equals(r.getLocalDate("estimate_likely"))
        && p.earliest().equals(r.getLocalDate("estimate_earliest"))
        && p.latest().equals(r.getLocalDate("estimate_latest"))
        && p.safe().equals(r.getLocalDate("estimate_safe"));
  }

  private static PostPurchase.Facts facts(Row r) {
    ZoneId zone = ZoneId.of(r.getString("time_zone"));
    String country = r.getString("dc");
    OffsetDateTime shipped = r.getOffsetDateTime("shipped_at");
    OffsetDateTime scan = r.getOffsetDateTime("l_at");
    String scanCountry = r.getString("l_country");
    return new PostPurchase.Facts(
        r.getString("carrier_code"),
        r.getString("service_level") == null ? "" : r.getString("service_level"),
        Regions.of(
            r.getString("origin_country"),
            r.getString("origin_postal_code"),
            r.getString("origin_region")),
        r.getString("origin_country"),
        Regions.of(country, r.getString("dpc"), r.getString("dr")),
        country,
        r.getString("status"),
        r.getOffsetDateTime("placed_at").atZoneSameInstant(zone),
        LocalTime.parse(r.getString("order_cutoff")),
        r.getInteger("processing_days"),
        shipped == null ? null : shipped.atZoneSameInstant(zone).toLocalDate(),
        scan == null ? null : scan.atZoneSameInstant(zone).toLocalDate(),
        scanCountry == null
            ? null
            : Regions.of(scanCountry, r.getString("l_postal"), r.getString("l_region")),
        LocalDate.now(zone));
  }
}
