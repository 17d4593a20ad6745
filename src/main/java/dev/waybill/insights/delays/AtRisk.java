package dev.waybill.insights.delays;

import dev.waybill.orders.ShipmentFlags;
import dev.waybill.orders.ShipmentFlags.AtRiskFlag;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Marks shipments that are falling behind before the shopper notices, and clears the mark when a
 * later scan puts them back on track. A shipment is at risk when
 *
 * <ul>
 *   <li>its safe date (the promise's 95th percentile) has passed without delivery,
 *   <li>it has been silent longer than its lane's normal gap between scans, or
 *   <li>its recomputed window now ends at least a business day later than the shopper was last told
 *       (the first estimate, or the date in the last delay message).
 * </ul>
 *
 * Each new episode writes a {@code shipment.at_risk} outbox event in the same transaction: the
 * shopper gets one delay message per episode, and merchants' webhooks get the event.
 */
@ApplicationScoped
public class AtRisk {

  /** Why a shipment looks late. */
  public enum Reason {
    SAFE_DATE_PASSED,
    NO_SCANS,
    SLIPPED
  }

  private static final String MOVING =
      "s.status IN ('INFO_RECEIVED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY')";

  private static final String FIRST_LATEST =
      "(SELECT c.latest FROM shipment_estimate_changes c WHERE c.shipment_id = s.id"
          + " ORDER BY c.computed_at LIMIT 1)";

  /** The window end the shopper was last told: in a delay message, else the first estimate. */
  private static final String BASELINE = "COALESCE(s.at_risk_baseline, " + FIRST_LATEST + ")";

  /** The told window end plus one business day (weekends skipped). */
  private static final String SLIPPED =
      "s.estimate_latest IS NOT NULL AND s.estimate_latest >= "
          + BASELINE
          + " + CASE EXTRACT(ISODOW FROM "
          + BASELINE
          + ") WHEN 5 THEN 3 WHEN 6 THEN 2 ELSE 1 END";

  private static final String LAST_SEEN = "COALESCE(s.last_event_at, s.shipped_at, s.created_at)";

  /**
   * The lane's learned gap, else its carrier and service's over all regions, else the default. The
   * lane is looked up only for shipments already silent longer than the shortest gap their carrier
   * and service could have: cutting regions for every moving shipment each minute would cost far
   * more than the check itself.
   */
  private static final String SILENT =
      LAST_SEEN
          + " < now() - make_interval(mins => LEAST(COALESCE(b.shortest, $2),"
          + " COALESCE(gc.p95_minutes, $2))) AND "
          + LAST_SEEN
          + " < now() - make_interval(mins => COALESCE(CASE WHEN b.shortest IS NOT NULL THEN"
          + " (SELECT gl.p95_minutes"
          + " FROM lane_scan_gaps gl JOIN orders o ON o.id = s.order_id"
          + " WHERE gl.store_id = s.store_id AND gl.carrier_code = s.carrier_code"
          + " AND gl.service_level = COALESCE(s.service_level, '') AND gl.samples >= $1"
          + " AND gl.origin_region = "
          + ScanGaps.ORIGIN
          + " AND gl.destination_region = "
          + ScanGaps.DESTINATION
          + ") END, gc.p95_minutes, $2))";

  /**
   * Per carrier and service: its gap over all regions, and the shortest of its own lanes' gaps
   * (none when no lane of it has history of its own, and then no lane is looked up).
   */
  private static final String GAPS =
      " LEFT JOIN lane_scan_gaps gc ON gc.store_id = s.store_id"
          + " AND gc.carrier_code = s.carrier_code"
          + " AND gc.service_level = COALESCE(s.service_level, '') AND gc.samples >= $1"
          + " AND gc.origin_region = '*' AND gc.destination_region = '*'"
          + " LEFT JOIN (SELECT store_id, carrier_code, service_level, min(p95_minutes) AS shortest"
          + " FROM lane_scan_gaps WHERE samples >= $1 AND origin_region <> '*' GROUP BY 1, 2, 3) b"
          + " ON b.store_id = s.store_id AND b.carrier_code = s.carrier_code"
          + " AND b.service_level = COALESCE(s.service_level, '')";

  /** Shipments to flag, and why; the flag itself is written by orders. */
  private static final String TO_FLAG =
      """
          SELECT s.id,
              CASE WHEN s.estimate_safe < current_date THEN 'SAFE_DATE_PASSED' WHEN %s
              THEN 'NO_SCANS' ELSE 'SLIPPED' END AS reason
          FROM shipments s%s
          WHERE s.at_risk_since IS NULL AND s.delivered_at IS NULL AND %s AND
              (s.estimate_safe < current_date OR %s OR %s)
          ORDER BY s.id
          LIMIT $3
          """
          .formatted(SILENT, GAPS, MOVING, SILENT, SLIPPED);

  private static final String TO_CLEAR =
      """
          SELECT s.id
          FROM shipments s
          WHERE s.at_risk_since IS NOT NULL AND ( s.delivered_at IS NOT NULL OR NOT (%s)
              OR (s.last_event_at > s.at_risk_since AND (s.estimate_safe IS NULL OR
              s.estimate_safe >= current_date)))
          ORDER BY s.id
          LIMIT $1
          """
          .formatted(MOVING);

  /** What one check changed. */
  public record Checked(int flagged, int cleared) {}

  private final Pool pool;
  private final DelaysConfig config;
  private final ShipmentFlags flags;
  private final MeterRegistry metrics;

  public AtRisk(Pool pool, DelaysConfig config, ShipmentFlags flags, MeterRegistry metrics) {
    this.pool = pool;
    this.config = config;
    this.flags = flags;
    this.metrics = metrics;
  }

  /** Flags and clears one batch of each; call again while it finds work. */
  public Uni<Checked> check() {
    return flag().chain(flagged -> clear().map(cleared -> new Checked(flagged, cleared)));
  }

  private Uni<Integer> flag() {
    return pool.preparedQuery(TO_FLAG)
        .execute(
            Tuple.of(
                config.minSamples(), (int) config.defaultGap().toMinutes(), config.batchSize()))
        .chain(
            rows -> {
              List<AtRiskFlag> found = new ArrayList<>();
              rows.forEach(r -> found.add(new AtRiskFlag(r.getUUID("id"), r.getString("reason"))));
              return flags.flagAtRisk(found);
            })
        .map(
            reasons -> {
              for (String reason : reasons) {
                metrics.counter("waybill.delays.flagged", "reason", reason).increment();
              }
              if (!reasons.isEmpty()) {
                Log.infof("%d shipments at risk of arriving late", reasons.size());
              }
              return reasons.size();
            });
  }

  private Uni<Integer> clear() {
    return pool.preparedQuery(TO_CLEAR)
        .execute(Tuple.of(config.batchSize()))
        .chain(
            rows -> {
              List<UUID> ids = new ArrayList<>();
              rows.forEach(r -> ids.add(r.getUUID("id")));
              return flags.clearAtRisk(ids);
            })
        .invoke(cleared -> metrics.counter("waybill.delays.cleared").increment(cleared));
  }
}
