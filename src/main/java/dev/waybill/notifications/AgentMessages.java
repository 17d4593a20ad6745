package dev.waybill.notifications;

import dev.waybill.notifications.NotificationViews.LogEntry;
import dev.waybill.platform.errors.Problems;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Messages a person writes to the shopper, such as an agent's reply to a question. They join the
 * notification queue, so they are retried, logged in the order's story and erased like every other
 * message; but they are sent whatever the store's and the shopper's choice of automatic updates,
 * since the shopper asked.
 */
@ApplicationScoped
public class AgentMessages {

  private static final String QUEUE =
      """
      WITH o AS (
        SELECT id, customer_email AS email FROM orders
         WHERE store_id = $1 AND order_number = $2 AND anonymized_at IS NULL)
      INSERT INTO notifications (id, store_id, order_id, shipment_id, subject_id, trigger,
        channel, status, changed_at, content, sent_by)
      SELECT $3, $1, o.id,
        (SELECT s.id FROM shipments s WHERE s.id = $4 AND s.order_id = o.id),
        $5, 'SUPPORT_REPLY', 'EMAIL', 'PENDING', now(),
        jsonb_build_object('subject', $6::text, 'body', $7::text,
          'to', COALESCE($8::text, o.email), 'locale', $9::text),
        $10
      FROM o
      ON CONFLICT (subject_id, trigger, channel) DO NOTHING
      RETURNING id
      """;

  private static final String REPEATED =
      """
      SELECT id FROM notifications
       WHERE store_id = $1 AND subject_id = $2 AND trigger = 'SUPPORT_REPLY'
      """;

  /** What a person wrote, and to whom; kept until erased so it can be sent again. */
  public record Content(String subject, String body, String to, String locale) {

    static Content of(JsonObject o) {
      return o == null
          ? null
          : new Content(
              o.getString("subject"),
              o.getString("body"),
              o.getString("to"),
              o.getString("locale"));
    }
  }

  /**
   * A message to queue.
   *
   * @param to the address to write to; null for the order's own
   * @param shipmentId the parcel it is about, if any (ignored unless it is the order's)
   * @param sentBy who sends it, for the log
   * @param idempotencyKey the same key sends once, whatever the retries; null for no guard
   */
  public record Outgoing(
      UUID storeId,
      String orderNumber,
      UUID shipmentId,
      String to,
      String subject,
      String body,
      String locale,
      String sentBy,
      String idempotencyKey) {}

  private final Pool pool;
  private final NotificationLog log;
  private final Dispatcher dispatcher;

  public AgentMessages(Pool pool, NotificationLog log, Dispatcher dispatcher) {
    this.pool = pool;
    this.log = log;
    this.dispatcher = dispatcher;
  }

  /**
   * Queues the email and starts sending it. A repeated idempotency key returns the first message.
   *
   * @throws Problems.NotFound for an order the store does not have (or no longer has)
   */
  public Uni<LogEntry> send(Outgoing m) {
    UUID subject =
        m.idempotencyKey() == null
            ? UUID.randomUUID()
            : UUID.nameUUIDFromBytes(
                (m.storeId() + "|agent-message|" + m.idempotencyKey())
                    .getBytes(StandardCharsets.UTF_8));
    Tuple args =
        Tuple.tuple()
            .addUUID(m.storeId())
            .addString(m.orderNumber())
            .addUUID(UUID.randomUUID())
            .addUUID(m.shipmentId())
            .addUUID(subject)
            .addString(m.subject())
            .addString(m.body())
            .addString(blankToNull(m.to()))
            .addString(m.locale())
            .addString(m.sentBy());
    return pool.preparedQuery(QUEUE)
        .execute(args)
        .chain(
            rows -> {
              if (rows.size() > 0) {
                UUID id = rows.iterator().next().getUUID("id");
                dispatcher.kick();
                return entry(m.storeId(), id);
              }
              return pool.preparedQuery(REPEATED)
                  .execute(Tuple.of(m.storeId(), subject))
                  .chain(
                      repeated ->
                          repeated.size() > 0
                              ? entry(m.storeId(), repeated.iterator().next().getUUID("id"))
                              : notFound(m));
            });
  }

  private static Uni<LogEntry> notFound(Outgoing m) {
    return Uni.createFrom().failure(new Problems.NotFound("No order '" + m.orderNumber() + "'"));
  }

  private Uni<LogEntry> entry(UUID storeId, UUID id) {
    return log.one(storeId, id);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
