package dev.waybill.platform.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue on a table of its own: claims, retries and hand-backs, with time moved by a clock. */
@QuarkusTest
class LeasedQueueTest {

  private static final String CLAIM =
      """
      UPDATE queue_test q SET owner = $1, lease_until = now() + make_interval(secs => $2),
        attempts = q.attempts + 1
      FROM (SELECT id FROM queue_test WHERE NOT done AND due_at <= $4
        AND (lease_until IS NULL OR lease_until < now())
        ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
      WHERE q.id = due.id RETURNING q.id""";

  @Inject Pool pool;
  @Inject MutableClock clock;

  private LeasedQueue<UUID> queue;

  @BeforeEach
  void table() {
    sql(
        """
        CREATE TABLE IF NOT EXISTS queue_test (id uuid PRIMARY KEY, owner text,
          lease_until timestamptz, due_at timestamptz NOT NULL DEFAULT now(),
          attempts int NOT NULL DEFAULT 0, done boolean NOT NULL DEFAULT false, note text)""");
    queue =
        new LeasedQueue<>(
            pool,
            clock,
            new QueueSpec(
                "queue_test",
                "owner",
                "lease_until",
                "due_at",
                CLAIM,
                Duration.ofMinutes(1),
                3,
                Backoff.exponential(Duration.ofSeconds(10), Duration.ofMinutes(1)),
                "attempts = GREATEST(attempts - 1, 0)",
                "NOT done"),
            r -> r.getUUID("id"));
  }

  @AfterEach
  void realTimeAndNoTable() {
    clock.reset();
    sql("DROP TABLE IF EXISTS queue_test");
  }

  @Test
  void twoOwnersNeverClaimTheSameRowAndAClaimTakesOneBatch() {
    for (int i = 0; i < 5; i++) {
      add();
    }
    List<UUID> a = claim("pod-a");
    List<UUID> b = claim("pod-b");
    assertEquals(3, a.size());
    assertEquals(2, b.size());
    Set<UUID> all = new HashSet<>(a);
    all.addAll(b);
    assertEquals(5, all.size());
    assertTrue(claim("pod-c").isEmpty(), "every row is leased");
  }

  @Test
  void aRetriedRowIsDueAgainOnceItsBackoffHasPassed() {
    UUID id = add();
    assertEquals(List.of(id), claim("pod-a"));
    queue
        .retryAfter(id, "pod-a", queue.backoff(1), "note = $1", "failed once")
        .await()
        .atMost(Duration.ofSeconds(5));
    assertNull(row(id).getString("owner"));
    assertEquals("failed once", row(id).getString("note"));
    assertTrue(claim("pod-a").isEmpty(), "still backing off");
    clock.advance(Duration.ofSeconds(11));
    assertEquals(List.of(id), claim("pod-b"));
  }

  @Test
  void anotherOwnersFinishLeavesTheRowAlone() {
    UUID id = add();
    claim("pod-a");
    queue.finish(id, "pod-b", "done = true").await().atMost(Duration.ofSeconds(5));
    assertEquals("pod-a", row(id).getString("owner"));
    queue.finish(id, "pod-a", "done = true").await().atMost(Duration.ofSeconds(5));
    assertTrue(row(id).getBoolean("done"));
    assertNull(row(id).getString("owner"));
  }

  @Test
  void handingBackReleasesOnlyTheOwnersUnfinishedRowsWithoutSpendingAnAttempt() {
    UUID first = add();
    UUID second = add();
    UUID other = add();
    sql("UPDATE queue_test SET due_at = now() + interval '1 hour' WHERE id = '" + other + "'");
    claim("pod-a");
    sql("UPDATE queue_test SET done = true WHERE id = '" + second + "'");
    int released = queue.releaseAll("pod-a").await().atMost(Duration.ofSeconds(5));
    assertEquals(1, released);
    assertNull(row(first).getString("owner"));
    assertEquals(0, row(first).getInteger("attempts"));
    assertEquals("pod-a", row(second).getString("owner"));
  }

  @Test
  void rowsGoBackInOneStatementCountingAFailureOrNot() {
    UUID first = add();
    UUID second = add();
    claim("pod-a");
    queue
        .retryAllAfter(new UUID[] {first}, Duration.ofMinutes(5), "note = $1", "backing off")
        .await()
        .atMost(Duration.ofSeconds(5));
    queue.release(new UUID[] {second}).await().atMost(Duration.ofSeconds(5));
    assertEquals("backing off", row(first).getString("note"));
    assertEquals(List.of(second), claim("pod-b"), "the released row is due as it was");
  }

  @Test
  void aQueueWithoutOwnersBacksOffInItsLeaseColumn() {
    LeasedQueue<UUID> ownerless =
        new LeasedQueue<>(
            pool,
            clock,
            new QueueSpec(
                "queue_test",
                null,
                "lease_until",
                "lease_until",
                """
                UPDATE queue_test q SET lease_until = now() + make_interval(secs => $2)
                FROM (SELECT id FROM queue_test WHERE NOT done
                  AND (lease_until IS NULL OR lease_until < now())
                  LIMIT $1 FOR UPDATE SKIP LOCKED) due
                WHERE q.id = due.id RETURNING q.id""",
                Duration.ofMinutes(1),
                10,
                Backoff.exponential(Duration.ofMinutes(10), Duration.ofHours(1)),
                "",
                ""),
            r -> r.getUUID("id"));
    UUID id = add();
    List<UUID> claimed =
        ownerless
            .claim(null, l -> Tuple.of(l.limit(), l.seconds()))
            .await()
            .atMost(Duration.ofSeconds(5));
    assertEquals(List.of(id), claimed);
    ownerless
        .retryAfter(id, null, ownerless.backoff(1), "note = $1", "unreadable")
        .await()
        .atMost(Duration.ofSeconds(5));
    Row r = row(id);
    assertEquals("unreadable", r.getString("note"));
    assertTrue(
        r.getOffsetDateTime("lease_until").isAfter(ownerless.now().plusMinutes(9)),
        "the backoff is held in the lease column");
    assertEquals(0, ownerless.releaseAll("anyone").await().atMost(Duration.ofSeconds(5)));
  }

  private List<UUID> claim(String owner) {
    return queue
        .claim(owner, l -> Tuple.of(l.owner(), l.seconds(), l.limit(), l.now()))
        .await()
        .atMost(Duration.ofSeconds(5));
  }

  private UUID add() {
    UUID id = UUID.randomUUID();
    pool.preparedQuery("INSERT INTO queue_test (id, due_at) VALUES ($1, now() - interval '1 s')")
        .execute(Tuple.of(id))
        .await()
        .atMost(Duration.ofSeconds(5));
    return id;
  }

  private Row row(UUID id) {
    return pool.preparedQuery("SELECT * FROM queue_test WHERE id = $1")
        .execute(Tuple.of(id))
        .await()
        .atMost(Duration.ofSeconds(5))
        .iterator()
        .next();
  }

  private void sql(String sql) {
    pool.query(sql).execute().await().atMost(Duration.ofSeconds(5));
  }
}
