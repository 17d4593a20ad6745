package dev.waybill.notifications;

import dev.waybill.platform.queue.Backoff;
import dev.waybill.platform.queue.LeasedQueue;
import dev.waybill.platform.queue.QueueSpec;
import dev.waybill.shipping.ExceptionReason;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The notifications table as a work queue: due messages are claimed ({@code SKIP LOCKED} plus a
 * lease, so two pods never take the same one), and each claim ends as sent, skipped, dead, retried
 * later or deferred. A claim counts as an attempt; waiting for a provider or for quiet hours to end
 * gives it back.
 */
@ApplicationScoped
public class MessageQueue {

  private static final String CLAIM =
      """
      UPDATE notifications n SET claimed_by = $1,
        claimed_until = now() + make_interval(secs => $2), attempts = n.attempts + 1
      FROM (SELECT id FROM notifications WHERE status = 'PENDING' AND available_at <= $4
        AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY available_at, outbox_id LIMIT $3 FOR UPDATE SKIP LOCKED) due
      WHERE n.id = due.id RETURNING n.id, n.store_id, n.order_id, n.shipment_id, n.trigger,
        n.channel, n.reason, n.changed_at, n.scanned_at, n.attempts, n.available_at, n.outbox_id,
        n.content""";

  /** Handing a claim back, or waiting, spends no attempt. */
  private static final String NO_ATTEMPT = "attempts = GREATEST(attempts - 1, 0)";

  /** One claimed message. */
  record Claimed(
      UUID id,
      UUID storeId,
      UUID orderId,
      UUID shipmentId,
      Trigger trigger,
      Channel channel,
      ExceptionReason reason,
      OffsetDateTime changedAt,
      OffsetDateTime scannedAt,
      int attempts,
      OffsetDateTime availableAt,
      long outboxId,
      AgentMessages.Content content) {}

  private final Pool pool;
  private final LeasedQueue<Claimed> queue;

  public MessageQueue(Pool pool, Clock clock, NotificationsConfig config) {
    this.pool = pool;
    this.queue =
        new LeasedQueue<>(
            pool,
            clock,
            new QueueSpec(
                "notifications",
                "claimed_by",
                "claimed_until",
                "available_at",
                CLAIM,
                config.lease(),
                config.claimSize(),
                Backoff.exponential(config.backoff(), config.maxBackoff()),
                NO_ATTEMPT,
                "status = 'PENDING'"),
            MessageQueue::claimed);
  }

  /** Claims one batch for {@code owner}, in the order the messages came due. */
  Uni<List<Claimed>> claim(String owner) {
    return queue
        .claim(owner, l -> Tuple.of(l.owner(), l.seconds(), l.limit(), l.now()))
        .map(
            claimed ->
                claimed.stream()
                    .sorted(
                        Comparator.comparing(Claimed::availableAt).thenComparing(Claimed::outboxId))
                    .toList());
  }

  /** Now, by the clock that due times are computed with. */
  OffsetDateTime now() {
    return queue.now();
  }

  Uni<Void> sent(Claimed c, String owner, String recipient, String subject, String providerId) {
    return queue.finish(
        c.id(),
        owner,
        "status = 'SENT', sent_at = now(), recipient = $1, subject = $2, provider_id = $3,"
            + " last_error = NULL",
        recipient,
        subject,
        providerId);
  }

  /** Ends a message unsent: {@code SKIPPED} or {@code DEAD}, saying why. */
  Uni<Void> finish(Claimed c, String owner, String status, String detail) {
    return queue.finish(c.id(), owner, "status = $1, last_error = $2", status, detail);
  }

  /** The send failed: try again after the backoff for this many attempts. */
  Uni<Void> retry(Claimed c, String owner, Duration wait, String error) {
    return queue.retryAfter(c.id(), owner, wait, "last_error = $1", error);
  }

  /** The provider is unreachable: wait the first backoff without spending the attempt. */
  Uni<Void> awaitProvider(Claimed c, String owner, String error) {
    return queue.retryAfter(
        c.id(), owner, queue.backoff(1), "last_error = $1, " + NO_ATTEMPT, error);
  }

  /** Holds a message until {@code until} (quiet hours); deferral is not an attempt. */
  Uni<Void> defer(Claimed c, String owner, OffsetDateTime until) {
    return queue.retryAt(c.id(), owner, until, "deferred_until = $1, " + NO_ATTEMPT, until);
  }

  /** The wait before the next try after {@code attempts} attempts. */
  Duration backoff(int attempts) {
    return queue.backoff(attempts);
  }

  /**
   * Gives back every message this owner has claimed and not finished (graceful shutdown), without
   * counting the claim as an attempt, so another pod sends them at once.
   */
  Uni<Integer> release(String owner) {
    return queue.releaseAll(owner);
  }

  /** Messages sent in the last 24 hours, by {@code orderId|channel}. */
  Uni<Map<String, Integer>> sentToday(Set<UUID> orderIds) {
    return pool.preparedQuery(
            """
            SELECT order_id, channel, count(*) AS n FROM notifications
            WHERE order_id = ANY($1) AND status = 'SENT' AND sent_at > now() - interval '24 hours'
            GROUP BY order_id, channel""")
        .execute(Tuple.of(orderIds.toArray(new UUID[0])))
        .map(
            rows -> {
              // Groups of different orders update it from several event loops at once.
              Map<String, Integer> out = new ConcurrentHashMap<>();
              for (Row r : rows) {
                out.put(r.getUUID("order_id") + "|" + r.getString("channel"), r.getInteger("n"));
              }
              return out;
            });
  }

  private static Claimed claimed(Row r) {
    return new Claimed(
        r.getUUID("id"),
        r.getUUID("store_id"),
        r.getUUID("order_id"),
        r.getUUID("shipment_id"),
        Trigger.valueOf(r.getString("trigger")),
        Channel.valueOf(r.getString("channel")),
        Contexts.reasonOf(r.getString("reason")),
        r.getOffsetDateTime("changed_at"),
        r.getOffsetDateTime("scanned_at"),
        r.getInteger("attempts"),
        r.getOffsetDateTime("available_at"),
        r.getLong("outbox_id") == null ? 0L : r.getLong("outbox_id"),
        AgentMessages.Content.of(r.getJsonObject("content")));
  }
}
