package dev.waybill.insights.delays;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Learns each lane's normal silence between scans from the store's own delivered shipments, so "no
 * news for too long" means too long for that carrier and service, not one fixed number.
 */
@ApplicationScoped
public class ScanGaps {

  private static final String LEARN =
      "INSERT INTO lane_scan_gaps (store_id, carrier_code, service_level, p95_minutes, samples,"
          + " computed_at)"
          + " SELECT store_id, carrier_code, service_level,"
          + " CEIL(percentile_cont(0.95) WITHIN GROUP (ORDER BY gap) / 60)::int, COUNT(*)::int,"
          + " now() FROM ("
          + "   SELECT s.store_id, s.carrier_code, COALESCE(s.service_level, '') AS service_level,"
          + "   EXTRACT(EPOCH FROM e.occurred_at - LAG(e.occurred_at) OVER"
          + "   (PARTITION BY e.shipment_id ORDER BY e.occurred_at)) AS gap"
          + "   FROM shipments s JOIN tracking_events e ON e.shipment_id = s.id"
          + "   WHERE s.delivered_at > now() - make_interval(secs => $1)) g"
          + " WHERE gap IS NOT NULL AND gap > 0"
          + " GROUP BY store_id, carrier_code, service_level"
          + " ON CONFLICT (store_id, carrier_code, service_level) DO UPDATE SET"
          + " p95_minutes = EXCLUDED.p95_minutes, samples = EXCLUDED.samples,"
          + " computed_at = EXCLUDED.computed_at";

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
