package dev.waybill.insights.promises;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The promise model's tables: delivery history in, rollups folded incrementally, rollups out.
 * Computation over many rows runs on a worker thread, never on the event loop.
 */
@ApplicationScoped
public class PromiseStore {

  /** A store's fulfilment settings, as promises need them. */
  public record Fulfilment(ZoneId zone, int processingDays, LocalTime cutoff) {}

  /** One carrier and service the store ships with, from its most used origin. */
  public record Service(
      String carrier,
      String service,
      String originRegion,
      String originCountry,
      long deliveries,
      Integer publishedMinDays,
      Integer publishedMaxDays) {}

  /** What a rebuild folded in. */
  public record Rebuilt(long shipmentsAdded, long deliveriesFolded, long watermark) {}

  static final int PAGE = 20_000;
  private static final OffsetDateTime EPOCH = OffsetDateTime.parse("1970-01-01T00:00:00Z");
  private static final int SHIPMENT_PAGE = 5_000;

  private static final String INSERT_HISTORY =
      "INSERT INTO delivery_history (store_id, source, row_key, carrier_code, service_level,"
          + " origin_postal_code, origin_country, origin_region, destination_postal_code,"
          + " destination_country, destination_region, placed_at, shipped_at, delivered_at,"
          + " ship_date, delivery_date, published_min_days, published_max_days) VALUES ($1, $2,"
          + " $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
          + " ON CONFLICT (store_id, row_key) DO NOTHING";

  private static final String DELIVERED_SHIPMENTS =
      "SELECT s.id, s.carrier_code, s.service_level, s.origin_postal_code, s.origin_country,"
          + " s.origin_region, COALESCE(s.destination_postal_code, o.ship_postal_code) AS dpc,"
          + " COALESCE(s.destination_country, o.ship_country) AS dc,"
          + " COALESCE(s.destination_region, o.ship_region) AS dr, o.placed_at, s.shipped_at,"
          + " s.delivered_at, s.updated_at FROM shipments s JOIN orders o ON o.id = s.order_id"
          + " WHERE s.store_id = $1 AND s.status = 'DELIVERED' AND s.shipped_at IS NOT NULL"
          + " AND s.delivered_at IS NOT NULL AND s.updated_at > $2"
          + " ORDER BY s.updated_at LIMIT "
          + SHIPMENT_PAGE;

  private static final String NEW_HISTORY =
      "SELECT id, carrier_code, service_level, origin_postal_code, origin_country, origin_region,"
          + " destination_postal_code, destination_country, destination_region, ship_date,"
          + " delivery_date, published_min_days, published_max_days FROM delivery_history"
          + " WHERE store_id = $1 AND id > $2 ORDER BY id LIMIT "
          + PAGE;

  private static final String UPSERT_ROLLUP =
      "INSERT INTO promise_rollups (store_id, carrier_code, service_level, origin_region,"
          + " destination_region, destination_country, season, pickup_weekday, transit_days,"
          + " deliveries) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (store_id,"
          + " carrier_code, service_level, origin_region, destination_region, destination_country,"
          + " season, pickup_weekday, transit_days) DO UPDATE SET deliveries ="
          + " promise_rollups.deliveries + EXCLUDED.deliveries";

  private static final String UPSERT_SERVICE =
      "INSERT INTO promise_services (store_id, carrier_code, service_level, origin_region,"
          + " origin_country, deliveries, published_min_days, published_max_days) VALUES ($1, $2,"
          + " $3, $4, $5, $6, $7, $8) ON CONFLICT (store_id, carrier_code, service_level,"
          + " origin_region, origin_country) DO UPDATE SET deliveries = promise_services.deliveries"
          + " + EXCLUDED.deliveries, published_min_days = COALESCE(EXCLUDED.published_min_days,"
          + " promise_services.published_min_days), published_max_days ="
          + " COALESCE(EXCLUDED.published_max_days, promise_services.published_max_days)";

  private final Pool pool;

  public PromiseStore(Pool pool) {
    this.pool = pool;
  }

  public Uni<Fulfilment> fulfilment(UUID storeId) {
    return pool.preparedQuery(
            "SELECT time_zone, processing_days, order_cutoff FROM stores WHERE id = $1")
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

  /** Adds rows to the history; returns how many were new (the rest were there already). */
  public Uni<Long> addHistory(UUID storeId, String source, List<HistoryRow> rows) {
    if (rows.isEmpty()) {
      return Uni.createFrom().item(0L);
    }
    List<Tuple> tuples = new ArrayList<>(rows.size());
    for (HistoryRow r : rows) {
      tuples.add(historyTuple(storeId, source, r.key(), r));
    }
    return pool.preparedQuery(INSERT_HISTORY).executeBatch(tuples).map(PromiseStore::inserted);
  }

  /**
   * Folds everything new into the rollups: first the store's shipments delivered since the last run
   * are added to the history, then history rows above the watermark are counted, a page per
   * transaction, each page moving the watermark with its counts so a crash never counts twice.
   */
  public Uni<Rebuilt> rebuild(UUID storeId) {
    return pool.preparedQuery(
            "INSERT INTO promise_rollup_state (store_id) VALUES ($1) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(storeId))
        .chain(() -> ingestShipments(storeId, 0))
        .chain(added -> fold(storeId, 0).map(f -> new Rebuilt(added, f[0], f[1])));
  }

  /** Stores with history not folded in yet, or delivered shipments not yet in the history. */
  public Uni<List<UUID>> storesWithNews() {
    return pool.query(
            "SELECT s.id FROM stores s LEFT JOIN promise_rollup_state r ON r.store_id = s.id"
                + " WHERE EXISTS (SELECT 1 FROM delivery_history h WHERE h.store_id = s.id"
                + " AND h.id > COALESCE(r.history_watermark, 0)) OR EXISTS (SELECT 1 FROM"
                + " shipments x WHERE x.store_id = s.id AND x.status = 'DELIVERED' AND"
                + " x.updated_at > COALESCE(r.shipments_watermark, '-infinity'))")
        .execute()
        .map(
            rows -> {
              List<UUID> ids = new ArrayList<>();
              rows.forEach(r -> ids.add(r.getUUID("id")));
              return ids;
            });
  }

  private Uni<Long> ingestShipments(UUID storeId, long soFar) {
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(
                        "SELECT shipments_watermark FROM promise_rollup_state WHERE store_id = $1"
                            + " FOR UPDATE")
                    .execute(Tuple.of(storeId))
                    .chain(
                        state -> {
                          OffsetDateTime mark =
                              state.iterator().next().getOffsetDateTime("shipments_watermark");
                          return conn.preparedQuery(DELIVERED_SHIPMENTS)
                              .execute(Tuple.of(storeId, mark == null ? EPOCH : mark))
                              .chain(rows -> storeShipments(conn, storeId, rows));
                        }))
        .chain(
            page ->
                page[1] < SHIPMENT_PAGE
                    ? Uni.createFrom().item(soFar + page[0])
                    : ingestShipments(storeId, soFar + page[0]));
  }

  /** Returns {added, rows read}. */
  private Uni<long[]> storeShipments(SqlConnection conn, UUID storeId, RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Uni.createFrom().item(new long[] {0, 0});
    }
    List<Tuple> tuples = new ArrayList<>(rows.size());
    return fulfilmentZone(conn, storeId)
        .chain(
            zone -> {
              OffsetDateTime max = null;
              for (Row r : rows) {
                max = r.getOffsetDateTime("updated_at");
                String dc = r.getString("dc");
                if (dc == null) {
                  continue;
                }
                HistoryRow h =
                    new HistoryRow(
                        null,
                        r.getString("carrier_code"),
                        r.getString("service_level"),
                        r.getString("origin_postal_code"),
                        r.getString("origin_country"),
                        r.getString("origin_region"),
                        r.getString("dpc"),
                        dc,
                        r.getString("dr"),
                        r.getOffsetDateTime("placed_at"),
                        local(r.getOffsetDateTime("shipped_at"), zone),
                        local(r.getOffsetDateTime("delivered_at"), zone),
                        null,
                        null);
                tuples.add(historyTuple(storeId, "shipment", "s:" + r.getUUID("id"), h));
              }
              Uni<Long> added =
                  tuples.isEmpty()
                      ? Uni.createFrom().item(0L)
                      : conn.preparedQuery(INSERT_HISTORY)
                          .executeBatch(tuples)
                          .map(PromiseStore::inserted);
              OffsetDateTime mark = max;
              return added.call(
                  () ->
                      conn.preparedQuery(
                              "UPDATE promise_rollup_state SET shipments_watermark = $2"
                                  + " WHERE store_id = $1")
                          .execute(Tuple.of(storeId, mark)));
            })
        .map(added -> new long[] {added, rows.size()});
  }

  private static Uni<ZoneId> fulfilmentZone(SqlConnection conn, UUID storeId) {
    return conn.preparedQuery("SELECT time_zone FROM stores WHERE id = $1")
        .execute(Tuple.of(storeId))
        .map(rows -> ZoneId.of(rows.iterator().next().getString("time_zone")));
  }

  /** Returns {deliveries folded, watermark}. */
  private Uni<long[]> fold(UUID storeId, long soFar) {
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(
                        "SELECT history_watermark FROM promise_rollup_state WHERE store_id = $1"
                            + " FOR UPDATE")
                    .execute(Tuple.of(storeId))
                    .chain(
                        state -> {
                          long mark = state.iterator().next().getLong("history_watermark");
                          return conn.preparedQuery(NEW_HISTORY)
                              .execute(Tuple.of(storeId, mark))
                              .emitOn(Infrastructure.getDefaultWorkerPool())
                              .map(rows -> Cells.count(storeId, rows, mark))
                              .chain(cells -> cells.write(conn));
                        }))
        .chain(
            page ->
                page.rows() < PAGE
                    ? Uni.createFrom().item(new long[] {soFar + page.rows(), page.watermark()})
                    : fold(storeId, soFar + page.rows()));
  }

  /** One page of history, counted into rollup cells. */
  private record Cells(
      UUID storeId,
      Map<List<Object>, long[]> rollups,
      Map<List<Object>, long[]> services,
      Map<List<Object>, Integer[]> published,
      long rows,
      long watermark) {

    static Cells count(UUID storeId, RowSet<Row> rows, long mark) {
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
        Sample s = sample(r);
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
      return new Cells(storeId, rollups, services, published, n, watermark);
    }

    Uni<Cells> write(SqlConnection conn) {
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
                          "UPDATE promise_rollup_state SET history_watermark = $2, rebuilt_at ="
                              + " now() WHERE store_id = $1")
                      .execute(Tuple.of(storeId, watermark)))
          .replaceWith(this);
    }
  }

  /** The store's model, read from its rollups, at its calibrated quantile levels. */
  public Uni<PromiseModel> model(UUID storeId, int minSamples) {
    return rollupModel(storeId, minSamples)
        .chain(
            model ->
                pool.preparedQuery(
                        "SELECT p10_level, p50_level, p90_level, p95_level, samples FROM"
                            + " promise_calibrations WHERE store_id = $1 AND samples > 0")
                    .execute(Tuple.of(storeId))
                    .map(
                        rows -> {
                          for (Row r : rows) {
                            model.calibrated(
                                new Calibration(
                                    r.getDouble("p10_level"),
                                    r.getDouble("p50_level"),
                                    r.getDouble("p90_level"),
                                    r.getDouble("p95_level"),
                                    r.getLong("samples")));
                          }
                          return model;
                        }));
  }

  /**
   * Fits the store's quantile levels on a held-out slice of its history and stores them: the
   * rollups without the deliveries made since the slice began are the model as it was then, and it
   * predicts the slice's parcels. Returns the levels, nominal when the slice was too small.
   */
  public Uni<Calibration> calibrate(
      UUID storeId, int minSamples, int sliceDays, int settleDays, int minSliceSamples) {
    return pool.preparedQuery(
            "SELECT max(h.delivery_date) AS newest, max(r.history_watermark) AS mark FROM"
                + " delivery_history h JOIN promise_rollup_state r ON r.store_id = h.store_id"
                + " WHERE h.store_id = $1 AND h.id <= r.history_watermark")
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
              return rollupModel(storeId, minSamples)
                  .chain(
                      prior ->
                          pool.preparedQuery(RECENT_HISTORY)
                              .execute(Tuple.of(storeId, slice.start(), mark))
                              .emitOn(Infrastructure.getDefaultWorkerPool())
                              .map(rows -> fit(prior, slice, rows, minSliceSamples)))
                  .call(c -> saveCalibration(storeId, c, slice));
            });
  }

  private static final String RECENT_HISTORY =
      "SELECT carrier_code, service_level, origin_postal_code, origin_country, origin_region,"
          + " destination_postal_code, destination_country, destination_region, ship_date,"
          + " delivery_date FROM delivery_history WHERE store_id = $1 AND delivery_date >= $2"
          + " AND id <= $3";

  private static Calibration fit(
      PromiseModel prior, Calibration.Slice slice, RowSet<Row> rows, int minSliceSamples) {
    List<Sample> held = new ArrayList<>();
    for (Row r : rows) {
      Sample s = sample(r);
      // Everything delivered since the slice began was unknown then.
      prior.remove(s);
      if (slice.contains(s.shipDate())) {
        held.add(s);
      }
    }
    return Calibration.fit(prior, held, minSliceSamples);
  }

  private Uni<Void> saveCalibration(UUID storeId, Calibration c, Calibration.Slice slice) {
    return pool.preparedQuery(
            "INSERT INTO promise_calibrations (store_id, p10_level, p50_level, p90_level,"
                + " p95_level, samples, slice_start, slice_end) VALUES ($1, $2, $3, $4, $5, $6,"
                + " $7, $8) ON CONFLICT (store_id) DO UPDATE SET p10_level ="
                + " EXCLUDED.p10_level, p50_level = EXCLUDED.p50_level, p90_level ="
                + " EXCLUDED.p90_level, p95_level = EXCLUDED.p95_level, samples ="
                + " EXCLUDED.samples, slice_start = EXCLUDED.slice_start, slice_end ="
                + " EXCLUDED.slice_end, calibrated_at = now()")
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

  private static Sample sample(Row r) {
    String country = r.getString("destination_country");
    return new Sample(
        r.getString("carrier_code"),
        r.getString("service_level"),
        Regions.of(
            r.getString("origin_country"),
            r.getString("origin_postal_code"),
            r.getString("origin_region")),
        Regions.of(
            country, r.getString("destination_postal_code"), r.getString("destination_region")),
        country,
        r.getLocalDate("ship_date"),
        r.getLocalDate("delivery_date"));
  }

  /** The model at the nominal levels, read from the rollups (a few thousand rows). */
  private Uni<PromiseModel> rollupModel(UUID storeId, int minSamples) {
    return pool.preparedQuery(
            "SELECT carrier_code, service_level, origin_region, destination_region,"
                + " destination_country, season, pickup_weekday, transit_days, deliveries"
                + " FROM promise_rollups WHERE store_id = $1")
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
  public Uni<List<Service>> services(UUID storeId) {
    return pool.preparedQuery(
            "SELECT DISTINCT ON (carrier_code, service_level) carrier_code, service_level,"
                + " origin_region, origin_country, deliveries, published_min_days,"
                + " published_max_days FROM promise_services WHERE store_id = $1"
                + " ORDER BY carrier_code, service_level, deliveries DESC")
        .execute(Tuple.of(storeId))
        .map(
            rows -> {
              List<Service> list = new ArrayList<>();
              for (Row r : rows) {
                String origin = r.getString("origin_region");
                String country = r.getString("origin_country");
                list.add(
                    new Service(
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

  private static Tuple historyTuple(UUID storeId, String source, String key, HistoryRow r) {
    return Tuple.from(
        new Object[] {
          storeId,
          source,
          key,
          r.carrier(),
          r.service() == null ? "" : r.service(),
          r.originPostalCode(),
          r.originCountry(),
          r.originRegion(),
          r.destinationPostalCode(),
          r.destinationCountry(),
          r.destinationRegion(),
          r.placedAt(),
          r.shippedAt(),
          r.deliveredAt(),
          r.shippedAt().toLocalDate(),
          r.deliveredAt().toLocalDate(),
          r.publishedMinDays(),
          r.publishedMaxDays()
        });
  }

  private static OffsetDateTime local(OffsetDateTime t, ZoneId zone) {
    return t == null ? null : t.atZoneSameInstant(zone).toOffsetDateTime();
  }

  private static long inserted(RowSet<Row> rows) {
    long n = 0;
    for (RowSet<Row> r = rows; r != null; r = r.next()) {
      n += r.rowCount();
    }
    return n;
  }
}
