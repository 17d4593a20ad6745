package dev.waybill.insights.promises;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The delivery history the model learns from: rows imported from files, and the store's own
 * shipments once delivered. A row is added once; adding it again does nothing.
 */
@ApplicationScoped
public class DeliveryHistory {

  private static final OffsetDateTime EPOCH = OffsetDateTime.parse("1970-01-01T00:00:00Z");
  private static final int SHIPMENT_PAGE = 5_000;

  private static final String INSERT =
      """
      INSERT INTO delivery_history (store_id, source, row_key, carrier_code, service_level,
        origin_postal_code, origin_country, origin_region, destination_postal_code,
        destination_country, destination_region, placed_at, shipped_at, delivered_at,
        ship_date, delivery_date, published_min_days, published_max_days)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
      ON CONFLICT (store_id, row_key) DO NOTHING""";

  private static final String DELIVERED_SHIPMENTS =
      """
      SELECT s.id, s.carrier_code, s.service_level, s.origin_postal_code, s.origin_country,
        s.origin_region, COALESCE(s.destination_postal_code, o.ship_postal_code) AS dpc,
        COALESCE(s.destination_country, o.ship_country) AS dc,
        COALESCE(s.destination_region, o.ship_region) AS dr, o.placed_at, s.shipped_at,
        s.delivered_at, s.updated_at
      FROM shipments s JOIN orders o ON o.id = s.order_id
      WHERE s.store_id = $1 AND s.status = 'DELIVERED' AND s.shipped_at IS NOT NULL
        AND s.delivered_at IS NOT NULL AND s.updated_at > $2
      ORDER BY s.updated_at LIMIT %d"""
          .formatted(SHIPMENT_PAGE);

  private final Pool pool;

  public DeliveryHistory(Pool pool) {
    this.pool = pool;
  }

  /** Adds rows to the history; returns how many were new (the rest were there already). */
  public Uni<Long> add(UUID storeId, String source, List<HistoryRow> rows) {
    if (rows.isEmpty()) {
      return Uni.createFrom().item(0L);
    }
    List<Tuple> tuples = new ArrayList<>(rows.size());
    for (HistoryRow r : rows) {
      tuples.add(tuple(storeId, source, r.key(), r));
    }
    return pool.preparedQuery(INSERT).executeBatch(tuples).map(DeliveryHistory::inserted);
  }

  /**
   * Adds the store's shipments delivered since the last call, a page per transaction, each page
   * moving the shipments watermark with its rows. Returns how many were new. The store's row in
   * {@code promise_rollup_state} must exist.
   */
  Uni<Long> addDeliveredShipments(UUID storeId) {
    return addDeliveredShipments(storeId, 0);
  }

  private Uni<Long> addDeliveredShipments(UUID storeId, long soFar) {
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(
                        """
                        SELECT shipments_watermark FROM promise_rollup_state WHERE store_id = $1
                        FOR UPDATE""")
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
                    : addDeliveredShipments(storeId, soFar + page[0]));
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
                tuples.add(tuple(storeId, "shipment", "s:" + r.getUUID("id"), h));
              }
              Uni<Long> added =
                  tuples.isEmpty()
                      ? Uni.createFrom().item(0L)
                      : conn.preparedQuery(INSERT)
                          .executeBatch(tuples)
                          .map(DeliveryHistory::inserted);
              OffsetDateTime mark = max;
              return added.call(
                  () ->
                      conn.preparedQuery(
                              """
                              UPDATE promise_rollup_state SET shipments_watermark = $2
                              WHERE store_id = $1""")
                          .execute(Tuple.of(storeId, mark)));
            })
        .map(added -> new long[] {added, rows.size()});
  }

  private static Uni<ZoneId> fulfilmentZone(SqlConnection conn, UUID storeId) {
    return conn.preparedQuery(
            """
        SELECT time_zone
        FROM stores
        WHERE id = $1
        """)
        .execute(Tuple.of(storeId))
        .map(rows -> ZoneId.of(rows.iterator().next().getString("time_zone")));
  }

  private static Tuple tuple(UUID storeId, String source, String key, HistoryRow r) {
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
