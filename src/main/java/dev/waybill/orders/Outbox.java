package dev.waybill.orders;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The outbox: events written in the same transaction as the change they announce, and read by the
 * notification fan-out. Other features append and claim through here, on their own connection, so
 * the event commits or rolls back with their work.
 */
@ApplicationScoped
public class Outbox {

  private static final String APPEND =
      """
      INSERT INTO outbox (store_id, topic, aggregate_id, sequence, payload)
      VALUES ($1, $2, $3, $4, $5)
      """;

  private static final String CLAIM =
      """
      SELECT id, store_id, topic, aggregate_id, sequence, payload, created_at
        FROM outbox
       WHERE processed_at IS NULL AND available_at <= now()
       ORDER BY id
       LIMIT $1
         FOR UPDATE SKIP LOCKED
      """;

  private static final String PROCESSED =
      """
      UPDATE outbox SET processed_at = now() WHERE id = ANY($1)
      """;

  /** Appends one event in {@code conn}'s transaction. */
  public Uni<Void> append(
      SqlConnection conn,
      UUID storeId,
      String topic,
      UUID aggregateId,
      long sequence,
      String payload) {
    return conn.preparedQuery(APPEND)
        .execute(Tuple.of(storeId, topic, aggregateId, sequence, payload))
        .replaceWithVoid();
  }

  /** Locks up to {@code limit} unprocessed events that no other pod holds, oldest first. */
  public Uni<RowSet<Row>> claim(SqlConnection conn, int limit) {
    return conn.preparedQuery(CLAIM).execute(Tuple.of(limit));
  }

  /** Marks claimed events done, in the transaction that acted on them. */
  public Uni<Void> processed(SqlConnection conn, List<Long> ids) {
    return conn.preparedQuery(PROCESSED)
        .execute(Tuple.of(ids.toArray(Long[]::new)))
        .replaceWithVoid();
  }

  /**
   * Writes an outbox event in the current transaction, so it exists exactly when the change it
   * announces does.
   */
  static Uni<Void> inSession(
      UUID storeId, String topic, UUID aggregateId, long sequence, JsonObject payload) {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(
                        """
                            INSERT INTO outbox (store_id, topic, aggregate_id, sequence,
                                payload)
                            VALUES (?1, ?2, ?3, ?4, ?5)
                            """)
                    .setParameter(1, storeId)
                    .setParameter(2, topic)
                    .setParameter(3, aggregateId)
                    .setParameter(4, sequence)
                    .setParameter(5, payload.encode())
                    .executeUpdate())
        .replaceWithVoid();
  }
}
