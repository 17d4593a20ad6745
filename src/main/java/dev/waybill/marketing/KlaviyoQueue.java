package dev.waybill.marketing;

import dev.waybill.platform.queue.Backoff;
import dev.waybill.platform.queue.LeasedQueue;
import dev.waybill.platform.queue.QueueSpec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The queue of milestones to send to Klaviyo ({@code klaviyo_events}): one row per milestone,
 * leased with {@code SKIP LOCKED} so pods share it, retried with backoff, dead after a refusal or
 * too many tries until an admin retries it. A milestone waits while an earlier one of the same
 * shipment is still pending, so a flow never hears "delivered" before "out for delivery".
 */
@ApplicationScoped
public class KlaviyoQueue {

  /** Where an event stands. */
  public enum State {
    PENDING,
    SENT,
    /** Refused by Klaviyo, or failed too often: kept, shown, retried only on request. */
    DEAD,
    /** Not sent: the store stopped choosing it, or the order has no email or phone. */
    SKIPPED
  }

  /** A claimed event. */
  public record Pending(
      UUID id,
      UUID storeId,
      Milestone milestone,
      UUID shipmentId,
      UUID orderId,
      String status,
      String reason,
      OffsetDateTime happenedAt,
      String uniqueId,
      int attempts) {}

  /** How a store's queue stands. */
  public record Counts(
      long pending,
      long failing,
      long dead,
      long sent,
      long skipped,
      String lastError,
      OffsetDateTime lastErrorAt) {}

  /** One event that failed, for the admin. */
  public record Failure(
      UUID id,
      Milestone milestone,
      UUID shipmentId,
      String uniqueId,
      State state,
      int attempts,
      Integer lastStatus,
      String lastError,
      OffsetDateTime lastErrorAt,
      OffsetDateTime nextAttemptAt) {}

  private static final String CLAIM =
      """
      UPDATE klaviyo_events w
      SET claimed_until = now() + make_interval(secs => $2), attempts = w.attempts + 1
      FROM (SELECT c.id FROM klaviyo_events c
        WHERE c.state = 'PENDING' AND c.due_at <= now()
          AND (c.claimed_until IS NULL OR c.claimed_until < now())
          AND NOT EXISTS (SELECT 1 FROM klaviyo_events e
            WHERE e.shipment_id = c.shipment_id AND e.store_id = c.store_id
              AND e.outbox_id < c.outbox_id AND e.state = 'PENDING')
        ORDER BY c.due_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
      WHERE w.id = due.id
      RETURNING w.id, w.store_id, w.milestone, w.shipment_id, w.order_id, w.status, w.reason,
        w.happened_at, w.unique_id, w.attempts""";

  private static final String COUNTS =
      """
      SELECT count(*) FILTER (WHERE state = 'PENDING' AND last_error IS NULL) AS pending,
        count(*) FILTER (WHERE state = 'PENDING' AND last_error IS NOT NULL) AS failing,
        count(*) FILTER (WHERE state = 'DEAD') AS dead,
        count(*) FILTER (WHERE state = 'SENT') AS sent,
        count(*) FILTER (WHERE state = 'SKIPPED') AS skipped,
        (SELECT last_error FROM klaviyo_events l
          WHERE l.store_id = $1 AND l.last_error IS NOT NULL AND l.state <> 'SKIPPED'
          ORDER BY l.last_error_at DESC LIMIT 1) AS last_error,
        max(last_error_at) FILTER (WHERE state <> 'SKIPPED') AS last_error_at
      FROM klaviyo_events
      WHERE store_id = $1""";

  private static final String FAILURES =
      """
      SELECT id, milestone, shipment_id, unique_id, state, attempts, last_status, last_error,
        last_error_at, CASE WHEN state = 'PENDING' THEN due_at END AS next_attempt_at
      FROM klaviyo_events
      WHERE store_id = $1 AND last_error IS NOT NULL AND state IN ('PENDING', 'DEAD')
      ORDER BY last_error_at DESC
      LIMIT $2""";

  private static final String RETRY_DEAD =
      """
      UPDATE klaviyo_events
      SET state = 'PENDING', attempts = 0, due_at = now(), claimed_until = NULL
      WHERE store_id = $1 AND state = 'DEAD'""";

  // Klaviyo limits the account, not the event: every due event of the store waits as asked.
  private static final String HOLD_STORE =
      """
      UPDATE klaviyo_events SET due_at = $2
      WHERE store_id = $1 AND state = 'PENDING' AND due_at < $2
        AND (claimed_until IS NULL OR claimed_until < now())""";

  private final Pool pool;
  private final MarketingConfig.Klaviyo config;
  private final LeasedQueue<Pending> queue;

  public KlaviyoQueue(Pool pool, Clock clock, MarketingConfig config) {
    this.pool = pool;
    this.config = config.klaviyo();
    this.queue =
        new LeasedQueue<>(
            pool,
            clock,
            new QueueSpec(
                "klaviyo_events",
                null,
                "claimed_until",
                "due_at",
                CLAIM,
                this.config.lease(),
                this.config.batchSize(),
                Backoff.jittered(this.config.backoff(), this.config.maxBackoff()),
                "",
                ""),
            KlaviyoQueue::pending);
  }

  /** Leases a batch of due events. */
  public Uni<List<Pending>> claim() {
    return queue.claim(null, l -> Tuple.of(l.limit(), l.seconds()));
  }

  /** Klaviyo accepted it. */
  public Uni<Void> sent(Pending p, int status) {
    return queue.finish(p.id(), null, "state = 'SENT', sent_at = now(), last_status = $1", status);
  }

  /** Not sent, and never will be. */
  public Uni<Void> skipped(Pending p, String why) {
    return queue.finish(
        p.id(), null, "state = 'SKIPPED', last_error = $1, last_error_at = now()", truncate(why));
  }

  /** Refused for good (or tried too often): dead until an admin retries it. */
  public Uni<Void> dead(Pending p, Integer status, String error) {
    return queue.finish(
        p.id(),
        null,
        "state = 'DEAD', last_status = $1, last_error = $2, last_error_at = now()",
        status,
        truncate(error));
  }

  /**
   * Failed for now: due again after the backoff, or after {@code atLeast} when Klaviyo asked for
   * longer (capped at the longest backoff); dead once it has been tried too often.
   */
  public Uni<Void> failed(Pending p, Integer status, String error, Duration atLeast) {
    if (p.attempts() >= config.maxAttempts()) {
      return dead(p, status, "gave up after " + p.attempts() + " tries: " + error);
    }
    Duration wait = queue.backoff(p.attempts(), atLeast);
    return queue.retryAfter(
        p.id(),
        null,
        wait,
        "last_status = $1, last_error = $2, last_error_at = now()",
        status,
        truncate(error));
  }

  /** Holds every due event of the store until Klaviyo's rate limit lets it through. */
  public Uni<Void> hold(UUID storeId, Duration wait) {
    Duration capped = wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    return pool.preparedQuery(HOLD_STORE)
        .execute(Tuple.of(storeId, queue.now().plus(capped)))
        .replaceWithVoid();
  }

  /** The queue of one store, for its admin view. */
  public Uni<Counts> counts(UUID storeId) {
    return pool.preparedQuery(COUNTS)
        .execute(Tuple.of(storeId))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new Counts(
                  r.getLong("pending"),
                  r.getLong("failing"),
                  r.getLong("dead"),
                  r.getLong("sent"),
                  r.getLong("skipped"),
                  r.getString("last_error"),
                  r.getOffsetDateTime("last_error_at"));
            });
  }

  /** The store's latest failing and dead events, newest first. */
  public Uni<List<Failure>> failures(UUID storeId, int limit) {
    return pool.preparedQuery(FAILURES)
        .execute(Tuple.of(storeId, limit))
        .map(
            rows -> {
              List<Failure> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Failure(
                        r.getUUID("id"),
                        Milestone.valueOf(r.getString("milestone")),
                        r.getUUID("shipment_id"),
                        r.getString("unique_id"),
                        State.valueOf(r.getString("state")),
                        r.getInteger("attempts"),
                        r.getInteger("last_status"),
                        r.getString("last_error"),
                        r.getOffsetDateTime("last_error_at"),
                        r.getOffsetDateTime("next_attempt_at")));
              }
              return out;
            });
  }

  /** Makes the store's dead events due again, now; how many is the result. */
  public Uni<Integer> retryDead(UUID storeId) {
    return pool.preparedQuery(RETRY_DEAD).execute(Tuple.of(storeId)).map(rows -> rows.rowCount());
  }

  private static Pending pending(Row r) {
    return new Pending(
        r.getUUID("id"),
        r.getUUID("store_id"),
        Milestone.valueOf(r.getString("milestone")),
        r.getUUID("shipment_id"),
        r.getUUID("order_id"),
        r.getString("status"),
        r.getString("reason"),
        r.getOffsetDateTime("happened_at"),
        r.getString("unique_id"),
        r.getInteger("attempts"));
  }

  private static String truncate(String s) {
    return s == null ? null : s.substring(0, Math.min(s.length(), 1000));
  }
}
