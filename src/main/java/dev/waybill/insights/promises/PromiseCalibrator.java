package dev.waybill.insights.promises;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Refits each store's quantile levels after every rebuild on its latest parcels, delivered or still
 * travelling, and keeps them per season (see {@link Calibration#adapt}). The fit runs on a worker
 * thread.
 */
@ApplicationScoped
public class PromiseCalibrator {

  private static final String HISTORY_COLUMNS =
      """
      SELECT carrier_code, service_level, origin_postal_code, origin_country, origin_region,
        destination_postal_code, destination_country, destination_region, ship_date,
        delivery_date
      FROM delivery_history""";

  private static final String DELIVERED_SINCE =
      HISTORY_COLUMNS + " WHERE store_id = $1 AND delivery_date >= $2 AND id <= $3";

  private static final String SHIPPED_BETWEEN =
      HISTORY_COLUMNS + " WHERE store_id = $1 AND ship_date >= $2 AND ship_date < $3 AND id <= $4";

  // Parcels on their way: they count as late for every date that has passed. Returned and expired
  // ones never arrive and are not promises that can still hold.
  private static final String TRAVELLING =
      """
      SELECT s.carrier_code, s.service_level, s.origin_postal_code, s.origin_country,
        s.origin_region, COALESCE(s.destination_postal_code, o.ship_postal_code) AS dpc,
        COALESCE(s.destination_country, o.ship_country) AS dc,
        COALESCE(s.destination_region, o.ship_region) AS dr,
        (s.shipped_at AT TIME ZONE st.time_zone)::date AS ship_date
      FROM shipments s JOIN orders o ON o.id = s.order_id JOIN stores st ON st.id = s.store_id
      WHERE s.store_id = $1 AND s.shipped_at IS NOT NULL
        AND s.status NOT IN ('DELIVERED', 'RETURNED_TO_SENDER', 'EXPIRED')
        AND (s.shipped_at AT TIME ZONE st.time_zone)::date >= $2
        AND (s.shipped_at AT TIME ZONE st.time_zone)::date < $3""";

  private final Pool pool;
  private final PromiseLookups lookups;
  private final Clock clock;

  public PromiseCalibrator(Pool pool, PromiseLookups lookups, Clock clock) {
    this.pool = pool;
    this.lookups = lookups;
    this.clock = clock;
  }

  /**
   * Refits the store's quantile levels on its recent window and stores them per season. The window
   * ends today, or the day after the newest delivery when the history stops earlier (a store with
   * only imported history). Returns the levels, nominal where there were too few parcels.
   */
  public Uni<Calibration.Seasonal> calibrate(
      UUID storeId, int minSamples, Calibration.Window window) {
    return pool.preparedQuery(
            """
            SELECT max(h.delivery_date) AS newest, max(r.history_watermark) AS mark
            FROM delivery_history h JOIN promise_rollup_state r ON r.store_id = h.store_id
            WHERE h.store_id = $1 AND h.id <= r.history_watermark""")
        .execute(Tuple.of(storeId))
        .chain(
            state -> {
              Row s = state.iterator().next();
              LocalDate newest = s.getLocalDate("newest");
              if (newest == null) {
                return Uni.createFrom().item(Calibration.Seasonal.NOMINAL);
              }
              LocalDate now = LocalDate.now(clock);
              LocalDate today = newest.plusDays(1).isBefore(now) ? newest.plusDays(1) : now;
              LocalDate start = today.minusDays(window.days());
              LocalDate yearAgo = today.minusYears(1);
              long mark = s.getLong("mark");
              return lookups
                  .rollupModel(storeId, minSamples)
                  .chain(
                      model ->
                          pool.preparedQuery(DELIVERED_SINCE)
                              .execute(Tuple.of(storeId, start, mark))
                              .chain(
                                  delivered ->
                                      pool.preparedQuery(SHIPPED_BETWEEN)
                                          .execute(
                                              Tuple.of(
                                                  storeId,
                                                  yearAgo,
                                                  yearAgo.plusDays(window.days()),
                                                  mark))
                                          .chain(
                                              lastYear ->
                                                  pool.preparedQuery(TRAVELLING)
                                                      .execute(Tuple.of(storeId, start, today))
                                                      .emitOn(Infrastructure.getDefaultWorkerPool())
                                                      .map(
                                                          travelling ->
                                                              Calibration.adapt(
                                                                  model,
                                                                  samples(delivered),
                                                                  travelling(travelling),
                                                                  samples(lastYear),
                                                                  today,
                                                                  window)))))
                  .call(c -> save(storeId, c, start, today));
            });
  }

  private static List<Sample> samples(RowSet<Row> rows) {
    List<Sample> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(HistorySamples.of(r));
    }
    return out;
  }

  private static List<Sample> travelling(RowSet<Row> rows) {
    List<Sample> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      String country = r.getString("dc");
      if (country == null) {
        continue;
      }
      out.add(
          new Sample(
              r.getString("carrier_code"),
              r.getString("service_level") == null ? "" : r.getString("service_level"),
              Regions.of(
                  r.getString("origin_country"),
                  r.getString("origin_postal_code"),
                  r.getString("origin_region")),
              Regions.of(country, r.getString("dpc"), r.getString("dr")),
              country,
              r.getLocalDate("ship_date"),
              null));
    }
    return out;
  }

  private Uni<Void> save(UUID storeId, Calibration.Seasonal c, LocalDate start, LocalDate end) {
    List<Tuple> rows = new ArrayList<>();
    for (Season season : Season.values()) {
      Calibration l = c.of(season);
      rows.add(
          Tuple.from(
              new Object[] {
                storeId, season.name(), l.p10(), l.p50(), l.p90(), l.p95(), l.samples(), start, end
              }));
    }
    return pool.preparedQuery(
            """
            INSERT INTO promise_calibrations (store_id, season, p10_level, p50_level, p90_level,
              p95_level, samples, window_start, window_end)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (store_id, season) DO UPDATE SET p10_level = EXCLUDED.p10_level,
              p50_level = EXCLUDED.p50_level, p90_level = EXCLUDED.p90_level,
              p95_level = EXCLUDED.p95_level, samples = EXCLUDED.samples,
              window_start = EXCLUDED.window_start, window_end = EXCLUDED.window_end,
              calibrated_at = now()""")
        .executeBatch(rows)
        .replaceWithVoid();
  }
}
