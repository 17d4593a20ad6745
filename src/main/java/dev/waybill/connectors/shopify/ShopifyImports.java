package dev.waybill.connectors.shopify;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Starting a connection's import of past orders, and the record of the order versions applied as
 * the import sees it. The lease, the cursor and the progress are the shared ones of {@link
 * dev.waybill.connectors.Connections}.
 */
@ApplicationScoped
public class ShopifyImports {

  /** What a start did. */
  public enum Started {
    /** A new import from {@code since} is due. */
    STARTED,
    /** A failed import is due again, from where it stopped. */
    RESUMED,
    /** An import is already pending or running: left as it is. */
    ALREADY_RUNNING,
    /** The connection is not connected. */
    NOT_CONNECTED
  }

  /**
   * Pending or running stays as it is (a second start while one runs changes nothing); a failed
   * import resumes from its cursor; otherwise (none yet, or done, when {@code rerun}) a new import
   * starts from {@code since}.
   */
  private static final String START =
      """
      UPDATE store_connections
      SET backfill_state = 'PENDING',
        backfill_since = CASE WHEN backfill_state = 'FAILED' AND backfill_since IS NOT NULL
          THEN backfill_since ELSE $2 END,
        backfill_cursor = CASE WHEN backfill_state = 'FAILED' THEN backfill_cursor ELSE NULL END,
        backfill_imported = CASE WHEN backfill_state = 'FAILED' THEN backfill_imported ELSE 0 END,
        backfill_started_at = CASE WHEN backfill_state = 'FAILED' THEN backfill_started_at
          ELSE NULL END,
        backfill_finished_at = NULL, backfill_attempts = 0, backfill_claimed_until = NULL,
        updated_at = now()
      WHERE id = $1 AND state = 'CONNECTED'
        AND (backfill_state IN ('NONE', 'FAILED') OR (backfill_state = 'DONE' AND $3))
      RETURNING (SELECT backfill_state FROM store_connections WHERE id = $1) AS before""";

  private static final String STATE =
      "SELECT state, backfill_state FROM store_connections WHERE id = $1";

  private static final String APPLIED =
      """
      SELECT updated_at FROM connector_orders
      WHERE connection_id = $1 AND external_id = $2""";

  private static final String FORGET =
      """
      DELETE FROM connector_orders
      WHERE connection_id = $1 AND external_id = $2 AND updated_at = $3""";

  private static final String RESTORE =
      """
      UPDATE connector_orders SET updated_at = $4
      WHERE connection_id = $1 AND external_id = $2 AND updated_at = $3""";

  private final Pool pool;

  public ShopifyImports(Pool pool) {
    this.pool = pool;
  }

  /**
   * Makes the connection's import due: see {@link Started}. {@code rerun} lets a finished import
   * start over; without it only a connection that never imported (or failed) starts.
   */
  public Uni<Started> start(UUID connectionId, OffsetDateTime since, boolean rerun) {
    return pool.preparedQuery(START)
        .execute(Tuple.of(connectionId, since, rerun))
        .chain(
            rows -> {
              if (rows.iterator().hasNext()) {
                return Uni.createFrom()
                    .item(
                        "FAILED".equals(rows.iterator().next().getString("before"))
                            ? Started.RESUMED
                            : Started.STARTED);
              }
              return pool.preparedQuery(STATE)
                  .execute(Tuple.of(connectionId))
                  .map(
                      state -> {
                        if (!state.iterator().hasNext()
                            || !"CONNECTED".equals(state.iterator().next().getString("state"))) {
                          return Started.NOT_CONNECTED;
                        }
                        return Started.ALREADY_RUNNING;
                      });
            });
  }

  /** When the newest applied version of a platform object was updated, or a null item. */
  Uni<OffsetDateTime> applied(UUID connectionId, String externalId) {
    return pool.preparedQuery(APPLIED)
        .execute(Tuple.of(connectionId, externalId))
        .map(
            rows -> rows.iterator().hasNext() ? rows.iterator().next().getOffsetDateTime(0) : null);
  }

  /**
   * Takes back the record of a version whose write failed, so the import applies it again when it
   * resumes: the version before it ({@code prior}), or none.
   */
  Uni<Void> undo(
      UUID connectionId, String externalId, OffsetDateTime version, OffsetDateTime prior) {
    return (prior == null
            ? pool.preparedQuery(FORGET).execute(Tuple.of(connectionId, externalId, version))
            : pool.preparedQuery(RESTORE)
                .execute(Tuple.of(connectionId, externalId, version, prior)))
        .replaceWithVoid();
  }
}
