package dev.waybill.platform.concurrency;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes that arrive together go to the database together: while a write is under way, the items
 * submitted meanwhile wait and then go in one statement, so a burst costs one round trip and one
 * commit per group instead of one each. Each caller's item completes only when the group holding it
 * is written, so "durable before acknowledged" still holds. At low load nothing waits: an item
 * submitted while no write is under way is written at once, alone.
 *
 * @param <I> what a caller submits
 * @param <R> what the caller is told of its own item
 */
public final class GroupCommit<I, R> {

  private record Waiting<I, R>(I item, UniEmitter<? super R> emitter, Context context) {}

  private final Function<List<I>, Uni<List<R>>> write;
  private final int maxGroup;
  private final int maxInFlight;
  private final ArrayList<Waiting<I, R>> waiting = new ArrayList<>();
  private int inFlight;

  /**
   * @param write writes a group in one go; answers one result per item, in the items' order
   * @param maxGroup the most items one write takes
   * @param maxInFlight the most writes under way at once (each holds a database connection)
   */
  public GroupCommit(Function<List<I>, Uni<List<R>>> write, int maxGroup, int maxInFlight) {
    if (maxGroup < 1 || maxInFlight < 1) {
      throw new IllegalArgumentException("maxGroup and maxInFlight must be at least 1");
    }
    this.write = write;
    this.maxGroup = maxGroup;
    this.maxInFlight = maxInFlight;
  }

  /** Writes {@code item} with whatever else is waiting; completes when it is written. */
  public Uni<R> submit(I item) {
    return Uni.createFrom()
        .emitter(
            emitter -> {
              List<Waiting<I, R>> group;
              synchronized (this) {
                waiting.add(new Waiting<>(item, emitter, Vertx.currentContext()));
                group = next();
              }
              if (group != null) {
                run(group);
              }
            });
  }

  /** Items waiting for a write now, for tests and gauges. */
  public synchronized int waiting() {
    return waiting.size();
  }

  /** The next group to write, taking a slot for it; null when none may start. Holds the lock. */
  private List<Waiting<I, R>> next() {
    if (waiting.isEmpty() || inFlight >= maxInFlight) {
      return null;
    }
    inFlight++;
    int n = Math.min(waiting.size(), maxGroup);
    List<Waiting<I, R>> group = new ArrayList<>(waiting.subList(0, n));
    waiting.subList(0, n).clear();
    return group;
  }

  private void run(List<Waiting<I, R>> group) {
    List<I> items = new ArrayList<>(group.size());
    for (Waiting<I, R> w : group) {
      items.add(w.item());
    }
    Uni<List<R>> written;
    try {
      written = write.apply(items);
    } catch (RuntimeException e) {
      written = Uni.createFrom().failure(e);
    }
    written
        .subscribe()
        .with(
            results -> {
              done();
              for (int i = 0; i < group.size(); i++) {
                R result = i < results.size() ? results.get(i) : null;
                Waiting<I, R> w = group.get(i);
                resume(w, () -> w.emitter().complete(result));
              }
            },
            failure -> {
              done();
              for (Waiting<I, R> w : group) {
                resume(w, () -> w.emitter().fail(failure));
              }
            });
  }

  private void done() {
    List<Waiting<I, R>> group;
    synchronized (this) {
      inFlight--;
      group = next();
    }
    if (group != null) {
      run(group);
    }
  }

  /** Each caller carries on on its own context, as if it had written its item itself. */
  private static void resume(Waiting<?, ?> w, Runnable action) {
    Context context = w.context();
    if (context == null || context == Vertx.currentContext()) {
      action.run();
    } else {
      context.runOnContext(x -> action.run());
    }
  }
}
