package dev.waybill.notifications;

import dev.waybill.notifications.NotificationViews.LogEntry;
import dev.waybill.platform.errors.Problems;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Every order's notification log, for the API and for support ("did you tell me?"), and the dead
 * letters a store should look at.
 */
@ApplicationScoped
public class NotificationLog {

  private static final String COLUMNS =
      "n.id, n.trigger, n.channel, n.status, n.shipment_id, n.recipient, n.subject, n.attempts,"
          + " n.last_error, n.created_at, n.sent_at, n.deferred_until, n.available_at, n.sent_by";

  private final Pool pool;

  public NotificationLog(Pool pool) {
    this.pool = pool;
  }

  /** An order's messages, oldest first. */
  public Uni<List<LogEntry>> forOrder(UUID storeId, UUID orderId) {
    return pool.preparedQuery(
            """
                SELECT %s
                FROM notifications n
                WHERE n.store_id = $1 AND n.order_id = $2
                ORDER BY n.created_at, n.outbox_id, n.channel
                """
                .formatted(COLUMNS))
        .execute(Tuple.of(storeId, orderId))
        .map(NotificationLog::entries);
  }

  /** One message of the store's. */
  public Uni<LogEntry> one(UUID storeId, UUID id) {
    return pool.preparedQuery(
            """
                SELECT %s
                FROM notifications n
                WHERE n.store_id = $1 AND n.id = $2
                """
                .formatted(COLUMNS))
        .execute(Tuple.of(storeId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new Problems.NotFound("No notification " + id);
              }
              return entries(rows).get(0);
            });
  }

  /** An order's messages by its number; 404 when the store has no such order. */
  public Uni<List<LogEntry>> forOrderNumber(UUID storeId, String orderNumber) {
    return pool.preparedQuery(
            """
        SELECT id
        FROM orders
        WHERE store_id = $1 AND order_number = $2
        """)
        .execute(Tuple.of(storeId, orderNumber))
        .chain(
            rows -> {
              if (rows.size() == 0) {
                throw new Problems.NotFound("No order " + orderNumber);
              }
              return forOrder(storeId, rows.iterator().next().getUUID("id"));
            });
  }

  /** Messages that failed for good, newest first. */
  public Uni<List<LogEntry>> deadLetters(UUID storeId, int limit) {
    return pool.preparedQuery(
            """
                SELECT %s
                FROM notifications n
                WHERE n.store_id = $1 AND n.status = 'DEAD'
                ORDER BY n.created_at DESC
                LIMIT $2
                """
                .formatted(COLUMNS))
        .execute(Tuple.of(storeId, limit))
        .map(NotificationLog::entries);
  }

  /** Queues a dead message once more; retrying a message that is not dead changes nothing. */
  public Uni<LogEntry> retry(UUID storeId, UUID id) {
    return pool.preparedQuery(
            """
                UPDATE notifications n
                SET status = CASE WHEN status = 'DEAD' THEN 'PENDING' ELSE status END,
                    attempts = CASE WHEN status = 'DEAD' THEN 0 ELSE attempts END,
                    available_at = CASE WHEN status = 'DEAD' THEN now() ELSE
                    available_at END
                WHERE n.store_id = $1 AND n.id = $2
                RETURNING %s
                """
                .formatted(COLUMNS))
        .execute(Tuple.of(storeId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new Problems.NotFound("No notification " + id);
              }
              return entries(rows).get(0);
            });
  }

  /**
   * Sends a message again, as it was planned: support's answer to "I never got it". Only sent or
   * dead messages go again; one still queued goes out anyway.
   */
  public Uni<LogEntry> resend(UUID storeId, UUID id) {
    return pool.preparedQuery(
            """
                UPDATE notifications n
                SET status = CASE WHEN status IN ('SENT', 'DEAD') THEN 'PENDING' ELSE
                    status END,
                    attempts = CASE WHEN status IN ('SENT', 'DEAD') THEN 0 ELSE attempts
                    END,
                    available_at = CASE WHEN status IN ('SENT', 'DEAD') THEN now() ELSE
                    available_at END, deferred_until = NULL
                WHERE n.store_id = $1 AND n.id = $2
                RETURNING %s
                """
                .formatted(COLUMNS))
        .execute(Tuple.of(storeId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new Problems.NotFound("No notification " + id);
              }
              return entries(rows).get(0);
            });
  }

  private static List<LogEntry> entries(RowSet<Row> rows) {
    List<LogEntry> out = new ArrayList<>();
    for (Row r : rows) {
      String status = r.getString("status");
      out.add(
          new LogEntry(
              r.getUUID("id"),
              r.getString("trigger"),
              r.getString("channel"),
              status,
              r.getUUID("shipment_id"),
              r.getString("recipient"),
              r.getString("subject"),
              r.getInteger("attempts"),
              r.getString("last_error"),
              r.getOffsetDateTime("created_at"),
              r.getOffsetDateTime("sent_at"),
              r.getOffsetDateTime("deferred_until"),
              status.equals("PENDING") ? r.getOffsetDateTime("available_at") : null,
              r.getString("sent_by")));
    }
    return out;
  }
}
