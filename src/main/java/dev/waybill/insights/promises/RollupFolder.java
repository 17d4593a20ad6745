package dev.waybill.insights.promises;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Folds new history into the rollups incrementally. Counting many rows runs on a worker thread,
 * never on the event loop.
 */
@ApplicationScoped
public class RollupFolder {

  /** What a rebuild folded in. */
  public record Rebuilt(long shipmentsAdded, long deliveriesFolded, long watermark) {}

  static final int PAGE = 20_000;

  private static final String NEW_HISTORY =
      """
      SELECT id, carrier_code, service_level, origin_postal_code, origin_country, origin_region,
        destination_postal_code, destination_country, destination_region, ship_date,
        delivery_date, published_min_days, published_max_days
      FROM delivery_history WHERE store_id = $1 AND id > $2 ORDER BY id LIMIT %d"""
          .formatted(PAGE);

  private final Pool pool;
  private final DeliveryHistory history;

  public RollupFolder(Pool pool, DeliveryHistory history) {
    this.pool = pool;
    this.history = history;
  }

  /**
   * Folds everything new into the rollups: first the store's shipments delivered since the last run
   * are added to the history, then history rows above the watermark are counted, a page per
   * transaction, each page moving the watermark with its counts so a crash never counts twice.
   */
  public Uni<Rebuilt> rebuild(UUID storeId) {
    return pool.preparedQuery(
            """
                INSERT INTO promise_rollup_state (store_id)
                VALUES ($1)
                ON CONFLICT DO NOTHING
                """)
        .execute(Tuple.of(storeId))
        .chain(() -> history.addDeliveredShipments(storeId))
        .chain(added -> fold(storeId, 0).map(f -> new Rebuilt(added, f[0], f[1])));
  }

  /** Stores with history not folded in yet, or delivered shipments not yet in the history. */
  public Uni<List<UUID>> storesWithNews() {
    return pool.query(
            """
            SELECT s.id FROM stores s LEFT JOIN promise_rollup_state r ON r.store_id = s.id
            WHERE EXISTS (SELECT 1 FROM delivery_history h WHERE h.store_id = s.id
                AND h.id > COALESCE(r.history_watermark, 0))
              OR EXISTS (SELECT 1 FROM shipments x WHERE x.store_id = s.id
                AND x.status = 'DELIVERED'
                AND x.updated_at > COALESCE(r.shipments_watermark, '-infinity'))""")
        .execute()
        .map(
            rows -> {
              List<UUID> ids = new ArrayList<>();
              rows.forEach(r -> ids.add(r.getUUID("id")));
              return ids;
            });
  }

  /** Returns {deliveries folded, watermark}. */
  private Uni<long[]> fold(UUID storeId, long soFar) {
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(
                        """
                        SELECT history_watermark FROM promise_rollup_state WHERE store_id = $1
                        FOR UPDATE""")
                    .execute(Tuple.of(storeId))
                    .chain(
                        state -> {
                          long mark = state.iterator().next().getLong("history_watermark");
                          return conn.preparedQuery(NEW_HISTORY)
                              .execute(Tuple.of(storeId, mark))
                              .emitOn(Infrastructure.getDefaultWorkerPool())
                              .map(rows -> RollupCells.count(storeId, rows, mark))
                              .chain(cells -> cells.write(conn));
                        }))
        .chain(
            page ->
                page.rows() < PAGE
                    ? Uni.createFrom().item(new long[] {soFar + page.rows(), page.watermark()})
                    : fold(storeId, soFar + page.rows()));
  }
}
