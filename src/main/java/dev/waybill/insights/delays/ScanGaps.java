package dev.waybill.insights.delays;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Learns each lane's normal silence between scans from the store's own delivered shipments, so "no
 * news for too long" means too long for that lane (carrier, service, origin and destination
 * region), not one fixed number. Lanes with too few deliveries fall back to their carrier and
 * service over all regions.
 */
@ApplicationScoped
public class ScanGaps {

  /** A shipment's origin and destination regions, the way the promise model cuts them. */
  static final String ORIGIN =
      "COALESCE(waybill_region(s.origin_country, s.origin_postal_code, s.origin_region), '')";

  static final String DESTINATION =
      "COALESCE(waybill_region(COALESCE(s.destination_country, o.ship_country),"
          + " COALESCE(s.destination_postal_code, o.ship_postal_code),"
          + " COALESCE(s.destination_region, o.ship_region)), '')";

  // One pass learns both levels: each lane, and its carrier and service over all regions ('*').
  private static final String LEARN =
      """
          INSERT INTO lane_scan_gaps (store_id, carrier_code, service_level,
              origin_region, destination_region, p95_minutes, samples, computed_at)
          SELECT store_id, carrier_code, service_level,
              CASE WHEN GROUPING(origin_region) = 1 THEN '*' ELSE origin_region END,
              CASE WHEN GROUPING(destination_region) = 1 THEN '*' ELSE
              destination_region END,
              CEIL(percentile_cont(0.95) WITHIN GROUP (ORDER BY gap) / 60)::int,
              COUNT(*)::int, now()
          FROM ( SELECT s.store_id, s.carrier_code, COALESCE(s.service_level, '') AS
              service_level, %s AS origin_region, %s AS destination_region,
              EXTRACT(EPOCH FROM e.occurred_at - LAG(e.occurred_at) OVER (PARTITION BY
              e.shipment_id ORDER BY e.occurred_at)) AS gap FROM shipments s JOIN orders
              o ON o.id = s.order_id JOIN tracking_events e ON e.shipment_id = s.id
              WHERE s.delivered_at > now() - make_interval(secs => $1)) g
          WHERE gap IS NOT NULL AND gap > 0
          GROUP BY GROUPING SETS ((store_id, carrier_code, service_level, origin_region,
              destination_region), (store_id, carrier_code, service_level))
          ON CONFLICT (store_id, carrier_code, service_level, origin_region,
              destination_region) DO UPDATE
          SET p95_minutes = EXCLUDED.p95_minutes, samples = EXCLUDED.samples,
              computed_at = EXCLUDED.computed_at
          """
          .formatted(ORIGIN, DESTINATION);

  private final Pool pool;
  private final DelaysConfig config;

  public ScanGaps(Pool pool, DelaysConfig config) {
    this.pool = pool;
    this.config = config;
  }

  /** Learns every lane's gap again; answers how many lanes it knows. */
  public Uni<Integer> learn() {
    return pool.preparedQuery(LEARN)
        .execute(Tuple.of((double) config.lookback().toSeconds()))
        .map(rows -> rows.rowCount());
  }
}
