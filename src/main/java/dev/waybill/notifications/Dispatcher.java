package dev.waybill.notifications;

import dev.waybill.notifications.webhooks.WebhookDeliverer;
import dev.waybill.platform.config.RoleConfig;
import dev.waybill.platform.config.WorkersOnly;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The scheduled half of notifications: it only claims work and hands it on. Outbox events become
 * messages and webhook deliveries ({@link OutboxFanout}); due messages go to the {@link Deliverer}
 * and due webhooks to the {@link WebhookDeliverer}. Any number of pods may run it.
 */
@ApplicationScoped
public class Dispatcher {

  private final OutboxFanout fanout;
  private final Deliverer deliverer;
  private final WebhookDeliverer webhooks;
  private final NotificationsConfig config;
  private final String owner;
  private final boolean worker;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile boolean stopping;

  public Dispatcher(
      OutboxFanout fanout,
      Deliverer deliverer,
      WebhookDeliverer webhooks,
      NotificationsConfig config,
      RoleConfig role) {
    this.worker = role.role().runsWorkers();
    this.fanout = fanout;
    this.deliverer = deliverer;
    this.webhooks = webhooks;
    this.config = config;
    String host = ManagementFactory.getRuntimeMXBean().getName();
    this.owner =
        (host.length() > 40 ? host.substring(0, 40) : host)
            + "/n-"
            + UUID.randomUUID().toString().substring(0, 8);
  }

  @Scheduled(
      every = "${waybill.notifications.interval:1s}",
      delayed = "${waybill.notifications.interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> tick() {
    if (!config.enabled() || stopping) {
      return Uni.createFrom().voidItem();
    }
    return run();
  }

  /**
   * Starts a round now, or right after the running one: an event committed in this pod needn't wait
   * for the next tick (the scheduler's resolution is a second). Other pods' events still wait for
   * their tick.
   */
  public void kick() {
    if (!worker || !config.enabled() || stopping) {
      return;
    }
    run().subscribe().with(done -> {}, e -> {});
  }

  private Uni<Void> run() {
    if (!busy.compareAndSet(false, true)) {
      again.set(true);
      return Uni.createFrom().voidItem();
    }
    return dispatchOnce(owner)
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.errorf(e, "Notification dispatch failed; claims expire and the work is retried");
              return null;
            })
        .eventually(() -> busy.set(false))
        .chain(() -> again.getAndSet(false) && !stopping ? run() : Uni.createFrom().voidItem());
  }

  /** One full round as this pod. Visible for tests and benchmarks. */
  public Uni<Void> dispatchOnce() {
    return dispatchOnce(owner);
  }

  /**
   * Rounds under the given claim owner (tests play two pods with two owners) until no stage has a
   * full batch. Each round takes one batch of every stage, so a flood of new events can't starve
   * sending, nor a slow webhook endpoint the shoppers' messages.
   */
  public Uni<Void> dispatchOnce(String claimOwner) {
    return fanout
        .fanOut(config.claimSize())
        .chain(
            events ->
                deliverer
                    .sendDue(claimOwner)
                    .chain(
                        messages ->
                            webhooks
                                .deliverDue(claimOwner)
                                .chain(
                                    deliveries -> {
                                      boolean more =
                                          events >= config.claimSize()
                                              || messages >= config.claimSize()
                                              || deliveries >= config.claimSize();
                                      return more && !stopping
                                          ? dispatchOnce(claimOwner)
                                          : Uni.createFrom().voidItem();
                                    })));
  }

  /** Shutdown begins: no new work is claimed from now on. */
  void drainRequested(@Observes ShutdownDelayInitiatedEvent event) {
    stopping = true;
  }

  void stop(@Observes ShutdownEvent event) {
    // Shutdown observers run on the main thread, never an event loop: waiting here is safe.
    drain(config.drainTimeout());
  }

  /**
   * Stops claiming, lets the round in flight finish (up to {@code timeout}), then hands back the
   * messages and webhook deliveries this pod claimed and has not finished, so another pod sends
   * them at once. Returns how many were handed back. Blocks: never call it on an event loop.
   */
  public int drain(java.time.Duration timeout) {
    stopping = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (busy.get() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return release(owner);
  }

  /** Hands back what the given claim owner holds (tests play pods with their own owners). */
  public int release(String claimOwner) {
    try {
      int released =
          deliverer
              .release(claimOwner)
              .chain(messages -> webhooks.release(claimOwner).map(hooks -> messages + hooks))
              .await()
              .atMost(java.time.Duration.ofSeconds(5));
      if (released > 0) {
        Log.infof("Handed back %d claimed messages and webhook deliveries", released);
      }
      return released;
    } catch (RuntimeException e) {
      Log.warnf("Could not hand back claimed messages (%s); their claims expire", e.getMessage());
      return 0;
    }
  }

  /** This pod's claim owner id. */
  public String owner() {
    return owner;
  }

  /** For tests: claiming starts again after a simulated drain. */
  public void resume() {
    stopping = false;
  }
}
