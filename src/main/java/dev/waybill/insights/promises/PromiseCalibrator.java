package dev.waybill.insights.promises;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fits each store's quantile levels on a held-out recent slice of its history and keeps them, so a
 * date covers the share of parcels it promises. The fit runs on a worker thread.
 */
@ApplicationScoped
public class PromiseCalibrator {

  private static final String RECENT_HISTORY =
      """
      SELECT carrier_code, service_level, origin_postal_code, origin_country, origin_region,
        destination_postal_code, destination_country, destination_region, ship_date,
        delivery_date
      FROM delivery_history WHERE store_id = $1 AND delivery_date >= $2 AND id <= $3""";

  private final Pool pool;
  private final PromiseLookups lookups;

  public PromiseCalibrator(Pool pool, PromiseLookups lookups) {
    this.pool = pool;
    this.lookups = lookups;
  }

  /**
   * Fits the store's quantile levels on a held-out slice of its history and stores them: the
   * rollups without the deliveries made since the slice began are the model as it was then, and it
   * predicts the slice's parcels. Returns the levels, nominal when the slice was too small.
   */
  public Uni<Calibration> calibrate(
      UUID storeId, int minSamples, int sliceDays, int settleDays, int minSliceSamples) {
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
                return Uni.createFrom().item(Calibration.NOMINAL);
              }
              Calibration.Slice slice = Calibration.Slice.before(newest, sliceDays, settleDays);
              long mark = s.getLong("mark");
              return lookups
                  .rollupModel(storeId, minSamples)
                  .chain(
                      prior ->
                          pool.preparedQuery(RECENT_HISTORY)
                              .execute(Tuple.of(storeId, slice.start(), mark))
                              .emitOn(Infrastructure.getDefaultWorkerPool())
                              .map(rows -> fit(prior, slice, rows, minSliceSamples)))
                  .call(c -> save(storeId, c, slice));
            });
  }

  private static Calibration fit(
      PromiseModel prior, Calibration.Slice slice, RowSet<Row> rows, int minSliceSamples) {
    List<Sample> held = new ArrayList<>();
    for (Row r : rows) {
      Sample s = HistorySamples.of(r);
      // Everything delivered since the slice began was unknown then.
      prior.remove(s);
      if (slice.contains(s.shipDate())) {
        held.add(s);
      }
    }
    return Calibration.fit(prior, held, minSliceSamples);
  }

  private Uni<Void> save(UUID storeId, Calibration c, Calibration.Slice slice) {
    return pool.preparedQuery(
            """
            INSERT INTO promise_calibrations (store_id, p10_level, p50_level, p90_level,
              p95_level, samples, slice_start, slice_end)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (store_id) DO UPDATE SET p10_level = EXCLUDED.p10_level,
              p50_level = EXCLUDED.p50_level, p90_level = EXCLUDED.p90_level,
              p95_level = EXCLUDED.p95_level, samples = EXCLUDED.samples,
              slice_start = EXCLUDED.slice_start, slice_end = EXCLUDED.slice_end,
              calibrated_at = now()""")
        .execute(
            Tuple.from(
                new Object[] {
                  storeId,
                  c.p10(),
                  c.p50(),
                  c.p90(),
                  c.p95(),
                  c.samples(),
                  slice.start(),
                  slice.end()
                }))
        .replaceWithVoid();
  }
}
