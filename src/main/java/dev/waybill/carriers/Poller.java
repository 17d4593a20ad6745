package dev.waybill.carriers;

import dev.waybill.orders.ShipmentLeases;
import dev.waybill.platform.config.WorkersOnly;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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
  private final String owner;
  private volatile boolean stopping;
  private final AtomicLong due = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();

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
    String host = ManagementFactory.getRuntimeMXBean().getName();
    this.owner =
        (host.length() > 40 ? host.substring(0, 40) : host)
            + "/"
            + UUID.randomUUID().toString().substring(0, 8);
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
    if (!config.enabled() || stopping) {
      return Uni.createFrom().voidItem();
    }
    return cycle();
  }

  /** Claims and dispatches until a claim comes back short. Visible for tests and benchmarks. */
  public Uni<Void> cycle() {
    return Uni.createFrom()
        .deferred(
            () -> {
              inFlight.incrementAndGet();
              return claimAndDispatch();
            })
        .eventually(inFlight::decrementAndGet);
  }

  private Uni<Void> claimAndDispatch() {
    if (stopping) {
      return Uni.createFrom().voidItem();
    }
    return leases
        .claim(owner, registry.pollable(), config.claimSize(), config.leaseDuration())
        .chain(
            batch -> {
              if (batch.isEmpty()) {
                return Uni.createFrom().voidItem();
              }
              return dispatcher
                  .dispatch(batch)
                  .chain(
                      () ->
                          batch.size() >= config.claimSize() && !stopping
                              ? claimAndDispatch()
                              : Uni.createFrom().voidItem());
            })
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.errorf(e, "Poll cycle failed; leases expire and the work is retried");
              return null;
            });
  }

  /** This pod's lease owner id. */
  public String owner() {
    return owner;
  }

  /** Shutdown begins: readiness goes down, and no new shipments are leased from now on. */
  void drainRequested(@Observes ShutdownDelayInitiatedEvent event) {
    stopping = true;
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
  public int drain(java.time.Duration timeout) {
    stopping = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (inFlight.get() > 0) {
      Log.warnf(
          "%d poll cycles still running after %s; releasing their leases", inFlight.get(), timeout);
    }
    try {
      int released = leases.releaseAll(owner).await().atMost(java.time.Duration.ofSeconds(5));
      if (released > 0) {
        Log.infof("Released %d shipment leases for other pods", released);
      }
      return released;
    } catch (RuntimeException e) {
      Log.warnf("Could not release leases (%s); they expire on their own", e.getMessage());
      return 0;
    }
  }

  /** For tests: leasing starts again after a simulated drain. */
  public void resume() {
    stopping = false;
  }

  /** Poll cycles running now. */
  public int inFlight() {
    return inFlight.get();
  }
}
