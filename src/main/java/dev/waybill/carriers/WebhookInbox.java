package dev.waybill.carriers;

import dev.waybill.platform.concurrency.GroupCommit;
import dev.waybill.platform.queue.Backoff;
import dev.waybill.platform.queue.LeasedQueue;
import dev.waybill.platform.queue.QueueSpec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Durable storage of carrier pushes and store platforms' webhooks: written before the push is
 * acknowledged, then leased for processing by any pod. The table records no lease owner: a push's
 * lease only expires, and a failed push waits out its backoff in the same column. A store's entry
 * names its store and topic; one its {@link InboxHandler} cannot read is parked until replayed.
 */
@ApplicationScoped
public class WebhookInbox {

  /**
   * A stored push waiting to be processed.
   *
   * @param storeId the store it was addressed to, for store platforms' webhooks; null for carriers
   * @param topic what the sender says it is about (e.g. {@code orders/updated}), or null
   */
  public record Entry(
      UUID id, String source, String payload, int attempts, UUID storeId, String topic) {}

  /** What waits for a store and source: due or retrying, and parked until replayed. */
  public record Backlog(long pending, long parked) {}

  private static final String CLAIM =
      """
      UPDATE webhook_inbox i SET claimed_until = now() + make_interval(secs => $2),
        attempts = attempts + 1
      FROM (SELECT id FROM webhook_inbox WHERE processed_at IS NULL
        AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY received_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
      WHERE i.id = due.id RETURNING i.id, i.source, i.payload, i.attempts, i.store_id, i.topic""";

  private static final String ERASE =
      """
      UPDATE webhook_inbox
      SET payload = NULL, processed_at = now(), last_error = 'erased'
      WHERE processed_at IS NULL AND payload IS NOT NULL
        AND EXISTS (SELECT 1 FROM unnest($1::text[]) t WHERE strpos(payload, '"' || t || '"') > 0)""";

  private static final String PARK =
      """
      UPDATE webhook_inbox SET claimed_until = 'infinity', last_error = $2
      WHERE id = $1 AND processed_at IS NULL""";

  private static final String REPLAY =
      """
      UPDATE webhook_inbox SET claimed_until = NULL, attempts = 0
      WHERE source = $1 AND store_id = $2 AND processed_at IS NULL AND payload IS NOT NULL""";

  private static final String BACKLOG =
      """
      SELECT count(*) FILTER (WHERE claimed_until IS DISTINCT FROM 'infinity') AS pending,
        count(*) FILTER (WHERE claimed_until = 'infinity') AS parked
      FROM webhook_inbox
      WHERE source = $1 AND store_id = $2 AND processed_at IS NULL AND payload IS NOT NULL""";

  private static final String PURGE =
      """
      DELETE FROM webhook_inbox
      WHERE received_at < now() - make_interval(secs => $1)""";

  /**
   * Rows of one statement come in the order given, so two copies of one webhook in a group keep the
   * first; a copy stored earlier keeps that one.
   */
  private static final String STORE_ALL =
      """
      INSERT INTO webhook_inbox (id, source, external_id, payload, store_id, topic)
      SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::text[], $5::uuid[],
        $6::varchar[])
      ON CONFLICT (source, external_id) DO NOTHING
      RETURNING id""";

  private final Pool pool;
  private final LeasedQueue<Entry> queue;
  private final GroupCommit<Incoming, UUID> stores;

  /** Pushes processed at the same time are marked done in one statement. */
  private final GroupCommit<UUID, Boolean> finished;

  public WebhookInbox(Pool pool, Clock clock, PollerConfig config) {
    this.pool = pool;
    // A few statements at once keep both cores busy while one group is on its way to Postgres.
    this.stores = new GroupCommit<>(this::storeAll, 256, 4);
    this.finished = new GroupCommit<>(this::processedAll, 500, 2);
    this.queue =
        new LeasedQueue<>(
            pool,
            clock,
            new QueueSpec(
                "webhook_inbox",
                null,
                "claimed_until",
                "claimed_until",
                CLAIM,
                Duration.ofMinutes(2),
                200,
                Backoff.jittered(
                    config.schedule().failureBackoff(), config.schedule().maxFailureBackoff()),
                "",
                ""),
            r ->
                new Entry(
                    r.getUUID("id"),
                    r.getString("source"),
                    r.getString("payload"),
                    r.getInteger("attempts"),
                    r.getUUID("store_id"),
                    r.getString("topic")));
  }

  /** Stores a push once; returns its id, or a null item when this id was stored before. */
  public Uni<UUID> store(String source, String externalId, String payload) {
    return store(source, externalId, payload, null);
  }

  /**
   * Stores a push to a store's own endpoint once: it will only ever update that store's shipments
   * ({@code storeId} null for the instance-wide endpoint).
   */
  public Uni<UUID> store(String source, String externalId, String payload, UUID storeId) {
    UUID id = UUID.randomUUID();
    String once = storeId == null ? externalId : storeId + ":" + externalId;
    return pool.preparedQuery(
            """
                INSERT INTO webhook_inbox (id, source, external_id, payload, store_id)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (source, external_id) DO NOTHING
                """)
        .execute(Tuple.of(id, source, once, payload, storeId))
        .map(rows -> rows.rowCount() == 1 ? id : null);
  }

  /**
   * Stores a store platform's webhook once per {@code externalId} (which the caller scopes to the
   * store); returns its id, or a null item when it was stored before. Webhooks stored at the same
   * moment share one statement and one commit; each is committed before its item arrives.
   */
  public Uni<UUID> store(
      String source, String externalId, String payload, UUID storeId, String topic) {
    return stores.submit(
        new Incoming(UUID.randomUUID(), source, externalId, payload, storeId, topic));
  }

  /** One webhook on its way into the table. */
  private record Incoming(
      UUID id, String source, String externalId, String payload, UUID storeId, String topic) {}

  private Uni<List<UUID>> storeAll(List<Incoming> rows) {
    int n = rows.size();
    UUID[] ids = new UUID[n];
    String[] sources = new String[n];
    String[] externalIds = new String[n];
    String[] payloads = new String[n];
    UUID[] storeIds = new UUID[n];
    String[] topics = new String[n];
    for (int i = 0; i < n; i++) {
      Incoming r = rows.get(i);
      ids[i] = r.id();
      sources[i] = r.source();
      externalIds[i] = r.externalId();
      payloads[i] = r.payload();
      storeIds[i] = r.storeId();
      topics[i] = r.topic();
    }
    return pool.preparedQuery(STORE_ALL)
        .execute(Tuple.of(ids, sources, externalIds, payloads, storeIds, topics))
        .map(
            inserted -> {
              Set<UUID> stored = new HashSet<>();
              for (var r : inserted) {
                stored.add(r.getUUID(0));
              }
              List<UUID> out = new ArrayList<>(n);
              for (Incoming r : rows) {
                out.add(stored.contains(r.id()) ? r.id() : null);
              }
              return out;
            });
  }

  /**
   * Sets a push aside without retrying it: nothing could read it, and nothing will until the reader
   * is fixed and the push is {@linkplain #replay replayed}. Its payload stays until then (or until
   * the purge).
   */
  public Uni<Void> park(UUID id, String error) {
    return pool.preparedQuery(PARK).execute(Tuple.of(id, truncate(error))).replaceWithVoid();
  }

  /**
   * Makes every unprocessed push of this store and source due now, parked or waiting out a backoff,
   * with its attempts reset. Returns how many.
   */
  public Uni<Integer> replay(String source, UUID storeId) {
    return pool.preparedQuery(REPLAY).execute(Tuple.of(source, storeId)).map(RowSet::rowCount);
  }

  /** What of this store and source is not processed yet. */
  public Uni<Backlog> backlog(String source, UUID storeId) {
    return pool.preparedQuery(BACKLOG)
        .execute(Tuple.of(source, storeId))
        .map(
            rows -> {
              var r = rows.iterator().next();
              return new Backlog(r.getLong("pending"), r.getLong("parked"));
            });
  }

  /** Leases a batch of pending pushes (any pod may process any push, each only once at a time). */
  public Uni<List<Entry>> claim() {
    return queue.claim(null, l -> Tuple.of(l.limit(), l.seconds()));
  }

  /** The most pushes one claim takes. */
  public int batchSize() {
    return queue.spec().batchSize();
  }

  /**
   * Done: the push's payload goes (it names the recipient); its source and id stay until the purge,
   * so a replay is still recognised.
   */
  public Uni<Void> processed(UUID id) {
    return finished.submit(id).replaceWithVoid();
  }

  private Uni<List<Boolean>> processedAll(List<UUID> ids) {
    return queue
        .finish(
            ids.toArray(UUID[]::new),
            null,
            "processed_at = now(), last_error = NULL, payload = NULL")
        .map(x -> Collections.nCopies(ids.size(), Boolean.TRUE));
  }

  /**
   * Clears pushes not yet processed that mention one of these tracking numbers (as a JSON string),
   * inside the caller's transaction: their recipients' data is being erased, so they are dropped
   * rather than applied later. Returns how many were cleared.
   */
  public Uni<Integer> erase(SqlConnection conn, List<String> trackingNumbers) {
    if (trackingNumbers.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return conn.preparedQuery(ERASE)
        .execute(Tuple.of(trackingNumbers.toArray(String[]::new)))
        .map(RowSet::rowCount);
  }

  /**
   * Deletes pushes received longer than {@code retention} ago, processed or not: by then one that
   * never went through never will, and a replay that old fails its signature's timestamp check
   * anyway. Keeps the table from growing without end. Returns how many were deleted.
   */
  public Uni<Integer> purge(Duration retention) {
    return pool.preparedQuery(PURGE)
        .execute(Tuple.of((double) retention.toSeconds()))
        .map(RowSet::rowCount);
  }

  /** Processing failed {@code failures} times in a row: try again after the backoff. */
  public Uni<Void> failed(UUID id, String error, int failures) {
    return failed(id, error, queue.backoff(failures));
  }

  /** Processing failed: try again after {@code backoff}. */
  public Uni<Void> failed(UUID id, String error, Duration backoff) {
    return queue.retryAfter(id, null, backoff, "last_error = $1", truncate(error));
  }

  private static String truncate(String error) {
    return error == null ? null : error.substring(0, Math.min(error.length(), 1000));
  }
}
