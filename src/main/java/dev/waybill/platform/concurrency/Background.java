package dev.waybill.platform.concurrency;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * CPU-heavy steps of background work (rendering a notification, say) run here instead of on the
 * event loop that scheduled them, which also serves HTTP requests: a burst of background work then
 * waits its turn on a few threads of its own rather than stalling the requests queued behind it on
 * that loop. At most half the cores' worth of threads (at least one) work at once.
 *
 * <p>The work's result is handed back on the caller's Vert.x context, so what follows (a pooled
 * connection's next statement, a Hibernate Reactive session) runs where it would have anyway.
 */
@ApplicationScoped
public class Background {

  private final ExecutorService executor;

  public Background() {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    this.executor = Executors.newFixedThreadPool(threads, new Named());
  }

  /** The result of {@code work}, computed off the event loop, delivered on the caller's context. */
  public <T> Uni<T> compute(Supplier<T> work) {
    Context caller = Vertx.currentContext();
    Uni<T> off = Uni.createFrom().item(work).runSubscriptionOn(executor);
    if (caller == null) {
      return off;
    }
    return off.emitOn(task -> caller.runOnContext(ignored -> task.run()));
  }

  @PreDestroy
  void stop() {
    executor.shutdown();
  }

  private static final class Named implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "waybill-background-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
