package dev.waybill.carriers;

import dev.waybill.orders.ShipmentLeases;
import dev.waybill.platform.config.WorkersOnly;
import dev.waybill.platform.queue.QueueRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scheduled half of the poller: it only leases due shipments and hands them to the {@link
 * PollDispatcher}. A full claim is followed by another at once, so a backlog drains at the speed
 * the carriers allow rather than one claim per tick.
 */
@ApplicationScoped
public class Poller {

  private final ShipmentLeases leases;
  private final PollDispatcher dispatcher;
  private final CarrierRegistry registry;
  private final PollerConfig config;
  private final QueueRunner runner = new QueueRunner("Poll cycle", "");
  private final AtomicLong due = new AtomicLong();

  public Poller(
      ShipmentLeases leases,
      PollDispatcher dispatcher,
      CarrierRegistry registry,
      PollerConfig config,
      MeterRegistry metrics) {
    this.leases = leases;
    this.dispatcher = dispatcher;
    this.registry = registry;
    this.config = config;
    metrics.gauge("waybill.poller.due", due);
  }

  /**
   * Refreshes the backlog gauge {@code waybill.poller.due}: shipments due and not leased, the
   * figure a worker autoscaler follows.
   */
  @Scheduled(
      every = "15s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> measureBacklog() {
    if (!config.enabled()) {
      return Uni.createFrom().voidItem();
    }
    return leases.due().invoke(due::set).replaceWithVoid().onFailure().recoverWithNull();
  }

  @Scheduled(
      every = "${waybill.poller.interval:5s}",
      delayed = "${waybill.poller.interval:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> poll() {
    if (!config.enabled() || runner.stopping()) {
      return Uni.createFrom().voidItem();
    }
    return cycle();
  }

  /** Claims and dispatches until a claim comes back short. Visible for tests and benchmarks. */
  public Uni<Void> cycle() {
    return runner
        .whileMore(this::claimAndDispatch)
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.errorf(e, "Poll cycle failed; leases expire and the work is retried");
              return null;
            });
  }

  /** One claim, dispatched; whether it was full. */
  private Uni<Boolean> claimAndDispatch() {
    return leases
        .claim(runner.owner(), registry.pollable(), config.claimSize(), config.leaseDuration())
        .chain(
            batch ->
                batch.isEmpty()
                    ? Uni.createFrom().item(false)
                    : dispatcher.dispatch(batch).replaceWith(batch.size() >= config.claimSize()));
  }

  /** This pod's lease owner id. */
  public String owner() {
    return runner.owner();
  }

  /** Shutdown begins: readiness goes down, and no new shipments are leased from now on. */
  void drainRequested(@Observes ShutdownDelayInitiatedEvent event) {
    runner.stop();
  }

  void stop(@Observes ShutdownEvent event) {
    // Shutdown observers run on the main thread, never an event loop: waiting here is safe.
    drain(config.drainTimeout());
  }

  /**
   * Stops leasing, lets the batches in flight finish (up to {@code timeout}), then hands back every
   * lease this pod still holds, so other pods take that work at once instead of after the leases
   * expire. Returns the number of leases given back. Blocks: never call it on an event loop.
   */
  public int drain(Duration timeout) {
    return runner.drain(timeout, leases::releaseAll);
  }

  /** For tests: leasing starts again after a simulated drain. */
  public void resume() {
    runner.resume();
  }

  /** Poll cycles running now. */
  public int inFlight() {
    return runner.inFlight();
  }
}
