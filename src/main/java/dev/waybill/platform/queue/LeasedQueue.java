package dev.waybill.platform.queue;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A table of work that any number of pods share: a claim leases due rows with {@code FOR UPDATE
 * SKIP LOCKED}, so no two pods take the same row, and a lease that is never finished (its pod died)
 * expires and the row is taken again. Finishing, retrying and handing back clear the lease.
 *
 * <p>Lease expiry is compared with the database's {@code now()}, the one clock every pod shares;
 * due times after a retry come from the injected {@link Clock}, which is also handed to the claim,
 * so tests can move time instead of waiting for it.
 *
 * <p>Statements that take a SET fragment number the fragment's own parameters from {@code $1}; the
 * queue binds its parameters after them.
 *
 * @param <T> what a claimed row is to the feature
 */
public final class LeasedQueue<T> {

  /**
   * What a claim binds: the claiming owner, the lease in seconds, the most rows to take, and now.
   */
  public record Lease(String owner, double seconds, int limit, OffsetDateTime now) {}

  private final Pool pool;
  private final Clock clock;
  private final QueueSpec spec;
  private final Function<Row, T> rows;

  public LeasedQueue(Pool pool, Clock clock, QueueSpec spec, Function<Row, T> rows) {
    this.pool = pool;
    this.clock = clock;
    this.spec = spec;
    this.rows = rows;
  }

  public QueueSpec spec() {
    return spec;
  }

  /** Now, by the injected clock. */
  public OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  /** Leases one batch for {@code owner} with the queue's batch size and lease length. */
  public Uni<List<T>> claim(String owner, Function<Lease, Tuple> bind) {
    return claim(owner, spec.batchSize(), spec.lease(), bind);
  }

  /** Leases up to {@code limit} due rows for {@code owner}, each for {@code lease}. */
  public Uni<List<T>> claim(String owner, int limit, Duration lease, Function<Lease, Tuple> bind) {
    Lease l = new Lease(owner, lease.toMillis() / 1000.0, limit, now());
    return pool.preparedQuery(spec.claimSql())
        .execute(bind.apply(l))
        .map(
            found -> {
              List<T> out = new ArrayList<>(found.size());
              for (Row r : found) {
                out.add(rows.apply(r));
              }
              return out;
            });
  }

  /** The wait before a row that failed {@code failures} times in a row is due again. */
  public Duration backoff(int failures) {
    return spec.backoff().after(failures);
  }

  /** The same wait, or longer when the peer asked for it (at most the longest backoff). */
  public Duration backoff(int failures, Duration atLeast) {
    return spec.backoff().after(failures, atLeast);
  }

  /**
   * Finishes a row the owner holds (done, failed for good, skipped): sets {@code set} and clears
   * the lease. A row whose lease passed to another pod meanwhile is left to that pod.
   */
  public Uni<Void> finish(Object id, String owner, String set, Object... params) {
    return update(set, params, "", null, id, owner);
  }

  /** Hands a row the owner holds back, due again after {@code wait}, also setting {@code set}. */
  public Uni<Void> retryAfter(
      Object id, String owner, Duration wait, String set, Object... params) {
    return retryAt(id, owner, now().plus(wait), set, params);
  }

  /** Hands a row the owner holds back, due again at {@code due}, also setting {@code set}. */
  public Uni<Void> retryAt(
      Object id, String owner, OffsetDateTime due, String set, Object... params) {
    return update(set, params, due(), due, id, owner);
  }

  /**
   * Hands rows back in one statement, due again after {@code wait}, also setting {@code set}. The
   * ids come as an array of their own type ({@code UUID[]}), which is what the client encodes.
   */
  public Uni<Void> retryAllAfter(Object[] ids, Duration wait, String set, Object... params) {
    if (ids.length == 0) {
      return Uni.createFrom().voidItem();
    }
    return update(set, params, due(), now().plus(wait), ids, null);
  }

  /** Hands rows back unfinished and due as they were, in one statement. */
  public Uni<Void> release(Object[] ids) {
    if (ids.length == 0) {
      return Uni.createFrom().voidItem();
    }
    return update(spec.handBack(), new Object[0], "", null, ids, null);
  }

  /**
   * Hands back every unfinished row {@code owner} holds (graceful shutdown), so other pods take
   * them at once instead of after their leases expire. Returns how many.
   */
  public Uni<Integer> releaseAll(String owner) {
    if (spec.ownerColumn() == null) {
      return Uni.createFrom().item(0);
    }
    String sql =
        """
        UPDATE %s SET %s%s = NULL, %s = NULL WHERE %s = $1%s"""
            .formatted(
                spec.table(),
                prefix(spec.handBack()),
                spec.ownerColumn(),
                spec.leaseColumn(),
                spec.ownerColumn(),
                spec.unfinished().isEmpty() ? "" : " AND " + spec.unfinished());
    return pool.preparedQuery(sql).execute(Tuple.of(owner)).map(r -> r.rowCount());
  }

  /** {@code , due_column = $n}, unless the due column is the lease column itself. */
  private String due() {
    return spec.dueColumn().equals(spec.leaseColumn()) ? "" : ", " + spec.dueColumn() + " = ";
  }

  /**
   * {@code UPDATE table SET <set>, owner = NULL, lease = NULL [, due = $d] WHERE id = $i [AND owner
   * = $o]}; the due time goes to the lease column when due and lease are one column.
   */
  private Uni<Void> update(
      String set, Object[] params, String dueAssign, OffsetDateTime due, Object id, String owner) {
    List<Object> values = new ArrayList<>(Arrays.asList(params));
    StringBuilder sql = new StringBuilder("UPDATE ").append(spec.table()).append(" SET ");
    sql.append(prefix(set));
    if (spec.ownerColumn() != null) {
      sql.append(spec.ownerColumn()).append(" = NULL, ");
    }
    sql.append(spec.leaseColumn()).append(" = ");
    if (due != null && dueAssign.isEmpty()) {
      values.add(due);
      sql.append('$').append(values.size());
    } else {
      sql.append("NULL");
      if (due != null) {
        values.add(due);
        sql.append(dueAssign).append('$').append(values.size());
      }
    }
    values.add(id);
    sql.append(" WHERE id = ")
        .append(id instanceof Object[] ? "ANY($" + values.size() + ")" : "$" + values.size());
    if (owner != null && spec.ownerColumn() != null) {
      values.add(owner);
      sql.append(" AND ").append(spec.ownerColumn()).append(" = $").append(values.size());
    }
    return pool.preparedQuery(sql.toString()).execute(Tuple.from(values)).replaceWithVoid();
  }

  private static String prefix(String set) {
    return set == null || set.isEmpty() ? "" : set + ", ";
  }
}
