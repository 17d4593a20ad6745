package dev.waybill.connectors;

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
import java.util.List;
import java.util.UUID;

/**
 * The queue of status changes to write back to shop platforms ({@code connector_writebacks}): one
 * row per change, leased with {@code SKIP LOCKED} so pods share it, retried with backoff, dead
 * after too many tries until an admin retries it. A change waits while an earlier change of the
 * same shipment is still pending, so the platform hears them in order.
 */
@ApplicationScoped
public class WriteBacks {

  /** Where a write-back stands. */
  public enum State {
    PENDING,
    SENT,
    /** Refused by the platform, or failed too often: kept, shown, retried only on request. */
    DEAD,
    /** Not sent: the connection stopped asking for write-back, or lost its token. */
    SKIPPED
  }

  /** A claimed write-back. */
  public record Pending(
      UUID id,
      UUID connectionId,
      UUID storeId,
      UUID shipmentId,
      long sequence,
      String targetId,
      String status,
      String platformStatus,
      OffsetDateTime happenedAt,
      int attempts) {}

  /** How a connection's write-back queue stands. */
  public record Counts(
      long pending,
      long failing,
      long dead,
      long sent,
      String lastError,
      OffsetDateTime lastErrorAt) {
    public static final Counts NONE = new Counts(0, 0, 0, 0, null, null);
  }

  private static final String CLAIM =
      """
      UPDATE connector_writebacks w
      SET claimed_until = now() + make_interval(secs => $2), attempts = w.attempts + 1
      FROM (SELECT c.id FROM connector_writebacks c
        WHERE c.kind = $3 AND c.state = 'PENDING' AND c.due_at <= now()
          AND (c.claimed_until IS NULL OR c.claimed_until < now())
          AND NOT EXISTS (SELECT 1 FROM connector_writebacks e
            WHERE e.kind = c.kind AND e.shipment_id = c.shipment_id
              AND e.sequence < c.sequence AND e.state = 'PENDING')
        ORDER BY c.due_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
      WHERE w.id = due.id
      RETURNING w.id, w.connection_id, w.store_id, w.shipment_id, w.sequence, w.target_id,
        w.status, w.platform_status, w.happened_at, w.attempts""";

  private static final String COUNTS =
      """
      SELECT count(*) FILTER (WHERE state = 'PENDING' AND last_error IS NULL) AS pending,
        count(*) FILTER (WHERE state = 'PENDING' AND last_error IS NOT NULL) AS failing,
        count(*) FILTER (WHERE state = 'DEAD') AS dead,
        count(*) FILTER (WHERE state = 'SENT') AS sent,
        (SELECT last_error FROM connector_writebacks l
          WHERE l.connection_id = $1 AND l.last_error IS NOT NULL
          ORDER BY l.last_error_at DESC LIMIT 1) AS last_error,
        max(last_error_at) AS last_error_at
      FROM connector_writebacks
      WHERE connection_id = $1""";

  private static final String RETRY_DEAD =
      """
      UPDATE connector_writebacks
      SET state = 'PENDING', attempts = 0, due_at = now(), claimed_until = NULL
      WHERE connection_id = $1 AND state = 'DEAD'""";

  private final Pool pool;
  private final ConnectorsConfig.WriteBack config;
  private final LeasedQueue<Pending> queue;

  public WriteBacks(Pool pool, Clock clock, ConnectorsConfig config) {
    this.pool = pool;
    this.config = config.writeBack();
    this.queue =
        new LeasedQueue<>(
            pool,
            clock,
            new QueueSpec(
                "connector_writebacks",
                null,
                "claimed_until",
                "due_at",
                CLAIM,
                this.config.lease(),
                this.config.batchSize(),
                Backoff.jittered(this.config.backoff(), this.config.maxBackoff()),
                "",
                ""),
            WriteBacks::pending);
  }

  /** Leases a batch of due write-backs of this kind. */
  public Uni<List<Pending>> claim(String kind) {
    return queue.claim(null, l -> Tuple.of(l.limit(), l.seconds(), kind));
  }

  /** The platform took it. */
  public Uni<Void> sent(Pending p, String externalId) {
    return queue.finish(
        p.id(), null, "state = 'SENT', sent_at = now(), external_id = $1", externalId);
  }

  /** Not sent, and never will be: the connection no longer asks for it. */
  public Uni<Void> skipped(Pending p, String why) {
    return queue.finish(
        p.id(), null, "state = 'SKIPPED', last_error = $1, last_error_at = now()", truncate(why));
  }

  /** Refused for good (or tried too often): dead until an admin retries it. */
  public Uni<Void> dead(Pending p, String error) {
    return queue.finish(
        p.id(), null, "state = 'DEAD', last_error = $1, last_error_at = now()", truncate(error));
  }

  /**
   * Failed for now: due again after the backoff, or after {@code atLeast} when the platform asked
   * for longer (capped at the longest backoff); dead once it has been tried too often.
   */
  public Uni<Void> failed(Pending p, String error, Duration atLeast) {
    if (p.attempts() >= config.maxAttempts()) {
      return dead(p, "gave up after " + p.attempts() + " tries: " + error);
    }
    Duration wait = queue.backoff(p.attempts(), atLeast);
    return queue.retryAfter(
        p.id(), null, wait, "last_error = $1, last_error_at = now()", truncate(error));
  }

  /** The queue of one connection, for its admin view. */
  public Uni<Counts> counts(UUID connectionId) {
    return pool.preparedQuery(COUNTS)
        .execute(Tuple.of(connectionId))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new Counts(
                  r.getLong("pending"),
                  r.getLong("failing"),
                  r.getLong("dead"),
                  r.getLong("sent"),
                  r.getString("last_error"),
                  r.getOffsetDateTime("last_error_at"));
            });
  }

  /** Makes a connection's dead write-backs due again, now; how many is the result. */
  public Uni<Integer> retryDead(UUID connectionId) {
    return pool.preparedQuery(RETRY_DEAD)
        .execute(Tuple.of(connectionId))
        .map(rows -> rows.rowCount());
  }

  private static Pending pending(Row r) {
    return new Pending(
        r.getUUID("id"),
        r.getUUID("connection_id"),
        r.getUUID("store_id"),
        r.getUUID("shipment_id"),
        r.getLong("sequence"),
        r.getString("target_id"),
        r.getString("status"),
        r.getString("platform_status"),
        r.getOffsetDateTime("happened_at"),
        r.getInteger("attempts"));
  }

  private static String truncate(String s) {
    return s == null ? null : s.substring(0, Math.min(s.length(), 1000));
  }
}
