package dev.waybill.insights.promises;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** One page of history, counted into rollup cells, and written with the watermark it moves. */
record RollupCells(
    UUID storeId,
    Map<List<Object>, long[]> rollups,
    Map<List<Object>, long[]> services,
    Map<List<Object>, Integer[]> published,
    long rows,
    long watermark) {

  private static final String UPSERT_ROLLUP =
      """
      INSERT INTO promise_rollups (store_id, carrier_code, service_level, origin_region,
        destination_region, destination_country, season, pickup_weekday, transit_days, deliveries)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      ON CONFLICT (store_id, carrier_code, service_level, origin_region, destination_region,
        destination_country, season, pickup_weekday, transit_days)
      DO UPDATE SET deliveries = promise_rollups.deliveries + EXCLUDED.deliveries""";

  private static final String UPSERT_SERVICE =
      """
      INSERT INTO promise_services (store_id, carrier_code, service_level, origin_region,
        origin_country, deliveries, published_min_days, published_max_days)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (store_id, carrier_code, service_level, origin_region, origin_country)
      DO UPDATE SET deliveries = promise_services.deliveries + EXCLUDED.deliveries,
        published_min_days = COALESCE(EXCLUDED.published_min_days,
          promise_services.published_min_days),
        published_max_days = COALESCE(EXCLUDED.published_max_days,
          promise_services.published_max_days)""";

  static RollupCells count(UUID storeId, RowSet<Row> rows, long mark) {
    Map<List<Object>, long[]> rollups = new HashMap<>();
    Map<List<Object>, long[]> services = new HashMap<>();
    Map<List<Object>, Integer[]> published = new HashMap<>();
    long watermark = mark;
    long n = 0;
    for (Row r : rows) {
      n++;
      watermark = Math.max(watermark, r.getLong("id"));
      String country = r.getString("destination_country");
      String originCountry = r.getString("origin_country");
      Sample s = HistorySamples.of(r);
      List<Object> cell =
          List.of(
              s.carrier(),
              s.service(),
              Objects.requireNonNullElse(s.originRegion(), ""),
              Objects.requireNonNullElse(s.destinationRegion(), ""),
              country,
              s.season().name(),
              (short) s.pickupWeekday(),
              (short) Math.min(TransitHistogram.MAX_DAYS, s.transitDays()));
      rollups.computeIfAbsent(cell, k -> new long[1])[0]++;
      List<Object> service =
          List.of(
              s.carrier(),
              s.service(),
              Objects.requireNonNullElse(s.originRegion(), ""),
              Objects.requireNonNullElse(originCountry, ""));
      services.computeIfAbsent(service, k -> new long[1])[0]++;
      Integer min = r.getInteger("published_min_days");
      Integer max = r.getInteger("published_max_days");
      if (min != null || max != null) {
        published.put(service, new Integer[] {min, max});
      }
    }
    return new RollupCells(storeId, rollups, services, published, n, watermark);
  }

  Uni<RollupCells> write(SqlConnection conn) {
    if (rows == 0) {
      return Uni.createFrom().item(this);
    }
    List<Tuple> rollupRows = new ArrayList<>(rollups.size());
    rollups.forEach(
        (k, v) -> {
          List<Object> values = new ArrayList<>(10);
          values.add(storeId);
          values.addAll(k);
          values.add(v[0]);
          rollupRows.add(Tuple.from(values));
        });
    List<Tuple> serviceRows = new ArrayList<>(services.size());
    services.forEach(
        (k, v) -> {
          Integer[] p = published.getOrDefault(k, new Integer[] {null, null});
          serviceRows.add(
              Tuple.from(
                  new Object[] {
                    storeId, k.get(0), k.get(1), k.get(2), k.get(3), v[0], p[0], p[1]
                  }));
        });
    return conn.preparedQuery(UPSERT_ROLLUP)
        .executeBatch(rollupRows)
        .chain(() -> conn.preparedQuery(UPSERT_SERVICE).executeBatch(serviceRows))
        .chain(
            () ->
                conn.preparedQuery(
                        """
                        UPDATE promise_rollup_state SET history_watermark = $2, rebuilt_at = now()
                        WHERE store_id = $1""")
                    .execute(Tuple.of(storeId, watermark)))
        .replaceWith(this);
  }
}
