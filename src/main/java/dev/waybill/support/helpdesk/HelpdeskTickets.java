package dev.waybill.support.helpdesk;

import dev.waybill.platform.queue.Backoff;
import dev.waybill.platform.queue.LeasedQueue;
import dev.waybill.platform.queue.QueueSpec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The queue of tickets to create in stores' help desks ({@code helpdesk_tickets}): one row per
 * support case, leased with {@code SKIP LOCKED} so pods share it, retried with backoff, dead after
 * too many tries or a refusal until an admin retries it.
 */
@ApplicationScoped
public class HelpdeskTickets {

  /** A claimed ticket. */
  public record Pending(
      UUID id, UUID storeId, HelpdeskKind kind, UUID caseId, String reference, int attempts) {}

  /** How a store's tickets stand. */
  public record Counts(
      long pending,
      long failing,
      long dead,
      long sent,
      String lastError,
      OffsetDateTime lastErrorAt) {}

  /** The latest ticket created. */
  public record Sent(String reference, String ticketId, String ticketUrl, OffsetDateTime sentAt) {}

  // Driven by the events: a store without a help desk matches no row.
  private static final String ENQUEUE =
      """
      INSERT INTO helpdesk_tickets (id, store_id, kind, case_id, reference)
      SELECT gen_random_uuid(), h.store_id, h.kind, e.case_id, e.reference
      FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS e(store_id, case_id, reference)
      JOIN store_helpdesks h ON h.store_id = e.store_id
      JOIN support_cases c ON c.id = e.case_id AND c.store_id = e.store_id
      ON CONFLICT (case_id) DO NOTHING""";

  private static final String CLAIM =
      """
      UPDATE helpdesk_tickets t
      SET claimed_until = now() + make_interval(secs => $2), attempts = t.attempts + 1
      FROM (SELECT id FROM helpdesk_tickets
        WHERE state = 'PENDING' AND due_at <= now()
          AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
      WHERE t.id = due.id
      RETURNING t.id, t.store_id, t.kind, t.case_id, t.reference, t.attempts""";

  private static final String COUNTS =
      """
      SELECT count(*) FILTER (WHERE state = 'PENDING' AND last_error IS NULL) AS pending,
        count(*) FILTER (WHERE state = 'PENDING' AND last_error IS NOT NULL) AS failing,
        count(*) FILTER (WHERE state = 'DEAD') AS dead,
        count(*) FILTER (WHERE state = 'SENT') AS sent,
        (SELECT last_error FROM helpdesk_tickets l
          WHERE l.store_id = $1 AND l.last_error IS NOT NULL
          ORDER BY l.last_error_at DESC LIMIT 1) AS last_error,
        max(last_error_at) AS last_error_at
      FROM helpdesk_tickets
      WHERE store_id = $1""";

  private static final String LAST =
      """
      SELECT reference, ticket_id, ticket_url, sent_at FROM helpdesk_tickets
      WHERE store_id = $1 AND state = 'SENT'
      ORDER BY sent_at DESC LIMIT 1""";

  private static final String BY_CASE =
      """
      SELECT reference, ticket_id, ticket_url, sent_at FROM helpdesk_tickets
      WHERE store_id = $1 AND reference = $2 AND state = 'SENT'""";

  private static final String RETRY_DEAD =
      """
      UPDATE helpdesk_tickets
      SET state = 'PENDING', attempts = 0, due_at = now(), claimed_until = NULL
      WHERE store_id = $1 AND state = 'DEAD'""";

  private final Pool pool;
  private final HelpdeskConfig config;
  private final LeasedQueue<Pending> queue;

  public HelpdeskTickets(Pool pool, Clock clock, HelpdeskConfig config) {
    this.pool = pool;
    this.config = config;
    this.queue =
        new LeasedQueue<>(
            pool,
            clock,
            new QueueSpec(
                "helpdesk_tickets",
                null,
                "claimed_until",
                "due_at",
                CLAIM,
                config.lease(),
                config.batchSize(),
                Backoff.jittered(config.backoff(), config.maxBackoff()),
                "",
                ""),
            HelpdeskTickets::pending);
  }

  /** Queues a ticket for each case of a store with a help desk, on the fan-out's connection. */
  Uni<Integer> enqueue(
      SqlConnection conn, List<UUID> stores, List<UUID> cases, List<String> references) {
    return conn.preparedQuery(ENQUEUE)
        .execute(
            Tuple.of(
                stores.toArray(UUID[]::new),
                cases.toArray(UUID[]::new),
                references.toArray(String[]::new)))
        .map(rows -> rows.rowCount());
  }

  /** Leases a batch of due tickets. */
  public Uni<List<Pending>> claim() {
    return queue.claim(null, l -> Tuple.of(l.limit(), l.seconds()));
  }

  /** The help desk holds the ticket. */
  public Uni<Void> sent(Pending p, String ticketId, String ticketUrl) {
    return queue.finish(
        p.id(),
        null,
        "state = 'SENT', sent_at = now(), ticket_id = $1, ticket_url = $2, last_error = NULL",
        ticketId,
        ticketUrl);
  }

  /** Not sent, and never will be: the store no longer has this help desk. */
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
   * Failed for now: due again after the backoff, or after {@code atLeast} when the help desk asked
   * for longer (capped at the longest backoff); dead once it has been tried too often.
   */
  public Uni<Void> failed(Pending p, String error, Duration atLeast) {
    if (p.attempts() >= config.maxAttempts()) {
      return dead(p, "gave up after " + p.attempts() + " tries: " + error);
    }
    Duration wait = queue.backoff(p.attempts());
    if (atLeast != null && atLeast.compareTo(wait) > 0) {
      wait = atLeast.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : atLeast;
    }
    return queue.retryAfter(
        p.id(), null, wait, "last_error = $1, last_error_at = now()", truncate(error));
  }

  /** The store's queue, for its admin view. */
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
                  r.getString("last_error"),
                  r.getOffsetDateTime("last_error_at"));
            });
  }

  /** The store's latest ticket, or null. */
  public Uni<Sent> last(UUID storeId) {
    return pool.preparedQuery(LAST).execute(Tuple.of(storeId)).map(HelpdeskTickets::sent);
  }

  /** The ticket made for a case, or null. */
  public Uni<Sent> forCase(UUID storeId, String reference) {
    return pool.preparedQuery(BY_CASE)
        .execute(Tuple.of(storeId, reference))
        .map(HelpdeskTickets::sent);
  }

  /** Makes the store's dead tickets due again, now; how many is the result. */
  public Uni<Integer> retryDead(UUID storeId) {
    return pool.preparedQuery(RETRY_DEAD).execute(Tuple.of(storeId)).map(r -> r.rowCount());
  }

  private static Sent sent(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
    if (!rows.iterator().hasNext()) {
      return null;
    }
    Row r = rows.iterator().next();
    return new Sent(
        r.getString("reference"),
        r.getString("ticket_id"),
        r.getString("ticket_url"),
        r.getOffsetDateTime("sent_at"));
  }

  private static Pending pending(Row r) {
    return new Pending(
        r.getUUID("id"),
        r.getUUID("store_id"),
        HelpdeskKind.of(r.getString("kind")),
        r.getUUID("case_id"),
        r.getString("reference"),
        r.getInteger("attempts"));
  }

  private static String truncate(String s) {
    return s == null ? null : s.substring(0, Math.min(s.length(), 1000));
  }
}
