package dev.waybill.insights.promises;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What serving a promise reads: the store's fulfilment settings, its services and its model from
 * the rollups. Building the model runs on a worker thread, never on the event loop.
 */
@ApplicationScoped
public class PromiseLookups {

  private final Pool pool;

  public PromiseLookups(Pool pool) {
    this.pool = pool;
  }

  public Uni<Fulfilment> fulfilment(UUID storeId) {
    return pool.preparedQuery(
            """
                SELECT time_zone, processing_days, order_cutoff
                FROM stores
                WHERE id = $1
                """)
        .execute(Tuple.of(storeId))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new Fulfilment(
                  ZoneId.of(r.getString("time_zone")),
                  r.getInteger("processing_days"),
                  LocalTime.parse(r.getString("order_cutoff")));
            });
  }

  /** The store's model, read from its rollups, at its calibrated quantile levels. */
  public Uni<PromiseModel> model(UUID storeId, int minSamples) {
    return rollupModel(storeId, minSamples)
        .chain(
            model ->
                pool.preparedQuery(
                        """
                        SELECT season, p10_level, p50_level, p90_level, p95_level, samples
                        FROM promise_calibrations WHERE store_id = $1 AND samples > 0""")
                    .execute(Tuple.of(storeId))
                    .map(
                        rows -> {
                          Calibration normal = Calibration.NOMINAL;
                          Calibration peak = Calibration.NOMINAL;
                          for (Row r : rows) {
                            Calibration c =
                                new Calibration(
                                    r.getDouble("p10_level"),
                                    r.getDouble("p50_level"),
                                    r.getDouble("p90_level"),
                                    r.getDouble("p95_level"),
                                    r.getLong("samples"));
                            if (Season.PEAK.name().equals(r.getString("season"))) {
                              peak = c;
                            } else {
                              normal = c;
                            }
                          }
                          return model.calibrated(new Calibration.Seasonal(normal, peak));
                        }));
  }

  /** The model at the nominal levels, read from the rollups (a few thousand rows). */
  Uni<PromiseModel> rollupModel(UUID storeId, int minSamples) {
    return pool.preparedQuery(
            """
            SELECT carrier_code, service_level, origin_region, destination_region,
              destination_country, season, pickup_weekday, transit_days, deliveries
            FROM promise_rollups WHERE store_id = $1""")
        .execute(Tuple.of(storeId))
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(
            rows -> {
              PromiseModel model = new PromiseModel(minSamples);
              for (Row r : rows) {
                String origin = r.getString("origin_region");
                String dest = r.getString("destination_region");
                model.add(
                    r.getString("carrier_code"),
                    r.getString("service_level"),
                    origin.isEmpty() ? null : origin,
                    dest.isEmpty() ? null : dest,
                    r.getString("destination_country"),
                    Season.valueOf(r.getString("season")),
                    r.getShort("pickup_weekday"),
                    r.getShort("transit_days"),
                    r.getLong("deliveries"));
              }
              return model;
            });
  }

  /** Each carrier and service the store uses, from the origin it ships most from. */
  public Uni<List<CarrierService>> services(UUID storeId) {
    return pool.preparedQuery(
            """
            SELECT DISTINCT ON (carrier_code, service_level) carrier_code, service_level,
              origin_region, origin_country, deliveries, published_min_days, published_max_days
            FROM promise_services WHERE store_id = $1
            ORDER BY carrier_code, service_level, deliveries DESC""")
        .execute(Tuple.of(storeId))
        .map(
            rows -> {
              List<CarrierService> list = new ArrayList<>();
              for (Row r : rows) {
                String origin = r.getString("origin_region");
                String country = r.getString("origin_country");
                list.add(
                    new CarrierService(
                        r.getString("carrier_code"),
                        r.getString("service_level"),
                        origin.isEmpty() ? null : origin,
                        country.isEmpty() ? null : country,
                        r.getLong("deliveries"),
                        r.getInteger("published_min_days"),
                        r.getInteger("published_max_days")));
              }
              return list;
            });
  }
}
