package dev.waybill.notifications;

import dev.waybill.notifications.webhooks.WebhookDeliverer;
import dev.waybill.platform.config.RoleConfig;
import dev.waybill.platform.config.WorkersOnly;
import dev.waybill.platform.queue.QueueRunner;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

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
  private final boolean worker;
  private final QueueRunner runner = new QueueRunner("Notification dispatch", "n-");

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
  }

  @Scheduled(
      every = "${waybill.notifications.interval:1s}",
      delayed = "${waybill.notifications.interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> tick() {
    if (!config.enabled() || runner.stopping()) {
      return Uni.createFrom().voidItem();
    }
    return runner.coalesced(this::dispatchOnce);
  }

  /**
   * Starts a round now, or right after the running one: an event committed in this pod needn't wait
   * for the next tick (the scheduler's resolution is a second). Other pods' events still wait for
   * their tick.
   */
  public void kick() {
    if (!worker || !config.enabled() || runner.stopping()) {
      return;
    }
    runner.coalesced(this::dispatchOnce).subscribe().with(done -> {}, e -> {});
  }

  /** One full round as this pod. Visible for tests and benchmarks. */
  public Uni<Void> dispatchOnce() {
    return dispatchOnce(runner.owner());
  }

  /**
   * Rounds under the given claim owner (tests play two pods with two owners) until no stage has a
   * full batch. Each round takes one batch of every stage, so a flood of new events can't starve
   * sending, nor a slow webhook endpoint the shoppers' messages.
   */
  public Uni<Void> dispatchOnce(String claimOwner) {
    return runner.whileMore(
        () ->
            fanout
                .fanOut(config.claimSize())
                .chain(
                    events ->
                        deliverer
                            .sendDue(claimOwner)
                            .chain(
                                messages ->
                                    webhooks
                                        .deliverDue(claimOwner)
                                        .map(
                                            deliveries ->
                                                events >= config.claimSize()
                                                    || messages >= config.claimSize()
                                                    || deliveries >= config.claimSize()))));
  }

  /** Shutdown begins: no new work is claimed from now on. */
  void drainRequested(@Observes ShutdownDelayInitiatedEvent event) {
    runner.stop();
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
    return runner.drain(timeout, this::handBack);
  }

  private Uni<Integer> handBack(String claimOwner) {
    return deliverer
        .release(claimOwner)
        .chain(messages -> webhooks.release(claimOwner).map(hooks -> messages + hooks));
  }

  /** This pod's claim owner id. */
  public String owner() {
    return runner.owner();
  }

  /** For tests: claiming starts again after a simulated drain. */
  public void resume() {
    runner.resume();
  }
}
