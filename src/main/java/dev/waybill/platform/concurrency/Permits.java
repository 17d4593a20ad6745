package dev.waybill.platform.concurrency;

import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A non-blocking bulkhead: at most {@code max} pieces of work run at once, the rest wait their turn
 * in order without holding a thread. Work cancelled while waiting gives its turn up; work cancelled
 * while running gives its permit back.
 */
public final class Permits {

  private final int max;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int inUse;

  public Permits(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    this.max = max;
  }

  /** Runs {@code work} once a permit is free; the permit is returned when it ends either way. */
  public <T> Uni<T> run(Supplier<Uni<T>> work) {
    return Uni.createFrom()
        .<Void>emitter(
            emitter -> {
              AtomicBoolean settled = new AtomicBoolean();
              Runnable granted =
                  () -> {
                    if (settled.compareAndSet(false, true)) {
                      emitter.complete(null);
                    } else {
                      release();
                    }
                  };
              // Cancelled while waiting: leave the queue. If the permit was handed over in the
              // meantime, the grant sees the cancellation and passes the permit on itself.
              emitter.onTermination(
                  () -> {
                    if (settled.compareAndSet(false, true)) {
                      forget(granted);
                    }
                  });
              acquire(granted);
            })
        .chain(() -> work.get().onTermination().invoke(this::release));
  }

  /** Permits in use now, for gauges and tests. */
  public synchronized int inUse() {
    return inUse;
  }

  /** Work waiting for a permit now. */
  public synchronized int waiting() {
    return waiting.size();
  }

  private void acquire(Runnable granted) {
    boolean now;
    synchronized (this) {
      now = inUse < max;
      if (now) {
        inUse++;
      } else {
        waiting.add(granted);
      }
    }
    if (now) {
      granted.run();
    }
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        inUse--;
      }
    }
    // The permit passes straight to the next in line.
    if (next != null) {
      next.run();
    }
  }

  private synchronized void forget(Runnable granted) {
    waiting.remove(granted);
  }
}
