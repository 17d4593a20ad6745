package dev.waybill.platform.queue;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The loop around leased queues in one pod: rounds that claim until a claim comes back short, a
 * lease owner id for the pod, and the drain at shutdown (stop claiming, wait for the rounds in
 * flight up to a limit, hand back what is still held).
 */
public final class QueueRunner {

  private final String name;
  private final String owner;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile boolean stopping;

  /**
   * @param name what the queue is called in logs
   * @param tag marks this runner's owner ids apart from other runners' in the same pod
   */
  public QueueRunner(String name, String tag) {
    this.name = name;
    String host = ManagementFactory.getRuntimeMXBean().getName();
    this.owner =
        (host.length() > 40 ? host.substring(0, 40) : host)
            + "/"
            + tag
            + UUID.randomUUID().toString().substring(0, 8);
  }

  /** This pod's lease owner id. */
  public String owner() {
    return owner;
  }

  /** Whether shutdown began: nothing new is claimed. */
  public boolean stopping() {
    return stopping;
  }

  /** Rounds run now. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Runs {@code round} again and again while it says there is more (it took a full batch) and
   * shutdown has not begun, counting it as in flight until the last one ends.
   */
  public Uni<Void> whileMore(Supplier<Uni<Boolean>> round) {
    return Uni.createFrom()
        .deferred(
            () -> {
              inFlight.incrementAndGet();
              return repeat(round);
            })
        .eventually(inFlight::decrementAndGet);
  }

  private Uni<Void> repeat(Supplier<Uni<Boolean>> round) {
    if (stopping) {
      return Uni.createFrom().voidItem();
    }
    return round
        .get()
        .chain(more -> more && !stopping ? repeat(round) : Uni.createFrom().voidItem());
  }

  /**
   * Runs {@code work} now, or once more right after the run in progress if there is one: a burst of
   * requests costs one run at a time and one after it for what arrived meanwhile, rather than a
   * claim per request. Failures are logged; leases expire and the work is retried.
   */
  public Uni<Void> coalesced(Supplier<Uni<Void>> work) {
    if (stopping) {
      return Uni.createFrom().voidItem();
    }
    if (!busy.compareAndSet(false, true)) {
      again.set(true);
      return Uni.createFrom().voidItem();
    }
    again.set(false);
    return Uni.createFrom()
        .deferred(work::get)
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.errorf(e, "%s failed; leases expire and the work is retried", name);
              return null;
            })
        .eventually(() -> busy.set(false))
        .chain(
            () ->
                again.getAndSet(false) && !stopping
                    ? coalesced(work)
                    : Uni.createFrom().voidItem());
  }

  /** Shutdown begins: nothing new is claimed from now on. */
  public void stop() {
    stopping = true;
  }

  /** For tests: claiming starts again after a simulated drain. */
  public void resume() {
    stopping = false;
  }

  /**
   * Stops claiming, lets the rounds in flight finish (up to {@code timeout}), then hands back what
   * this pod still holds through {@code handBack} (given the owner id), so other pods take that
   * work at once instead of after the leases expire. Returns how many rows were handed back.
   * Blocks: never call it on an event loop.
   */
  public int drain(Duration timeout, Function<String, Uni<Integer>> handBack) {
    stopping = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while ((inFlight.get() > 0 || busy.get()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (inFlight.get() > 0 || busy.get()) {
      Log.warnf("%s still running after %s; handing back its leases", name, timeout);
    }
    try {
      int released = handBack.apply(owner).await().atMost(Duration.ofSeconds(5));
      if (released > 0) {
        Log.infof("%s: handed back %d leases for other pods", name, released);
      }
      return released;
    } catch (RuntimeException e) {
      Log.warnf(
          "%s: could not hand back leases (%s); they expire on their own", name, e.getMessage());
      return 0;
    }
  }
}
