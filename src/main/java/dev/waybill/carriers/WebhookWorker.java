package dev.waybill.carriers;

import dev.waybill.platform.config.RoleConfig;
import dev.waybill.platform.config.WorkersOnly;
import dev.waybill.platform.health.PodState;
import dev.waybill.platform.invalidation.InvalidationBus;
import dev.waybill.platform.queue.QueueRunner;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Processes stored pushes: at once when a push arrives (the pod that stored it tells every pod over
 * Redis pub/sub, and worker pods start), and on a schedule for whatever that missed (a crash after
 * the 2xx, a failure, a lost message while Redis was down). Only leases and delegates.
 */
@ApplicationScoped
public class WebhookWorker {

  static final String KIND = "inbox";

  private final WebhookInbox inbox;
  private final WebhookProcessor processor;
  private final PollerConfig config;
  private final PodState pod;
  private final InvalidationBus bus;
  private final boolean worker;
  private final QueueRunner runner = new QueueRunner("Inbox drain", "i-");
  private final QueueRunner announcer = new QueueRunner("Inbox announcement", "a-");

  public WebhookWorker(
      WebhookInbox inbox,
      WebhookProcessor processor,
      PollerConfig config,
      PodState pod,
      RoleConfig role,
      InvalidationBus bus) {
    this.inbox = inbox;
    this.processor = processor;
    this.config = config;
    this.pod = pod;
    this.worker = role.role().runsWorkers();
    this.bus = bus;
  }

  void listen(@Observes StartupEvent event) {
    bus.on(KIND, value -> kick());
  }

  /**
   * Tells every pod, this one included, that a push is waiting: worker pods start on it at once,
   * api pods ignore it. Best effort; the schedule catches what a lost message misses.
   */
  public void announce() {
    // A burst of pushes sends one message at a time, and one more after it for what was stored
    // meanwhile: every push is still announced after it was stored, without a message each.
    announcer.coalesced(() -> bus.publish(KIND, "webhooks")).subscribe().with(x -> {}, e -> {});
  }

  @Scheduled(
      every = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> drain() {
    // A pod shutting down leases nothing more; what it holds is finished or expires.
    if (!config.enabled() || pod.draining()) {
      return Uni.createFrom().voidItem();
    }
    return runner.coalesced(this::drainOnce);
  }

  /**
   * Starts processing now, without waiting for it, so a push just stored needn't wait for the next
   * tick. Api pods leave pushes to the workers, whose capacity is sized for processing them, and a
   * draining pod leases nothing more. A burst of pushes runs one drain at a time, and one more
   * after it for what arrived meanwhile, rather than a claim query per push.
   */
  public void kick() {
    if (!worker || pod.draining()) {
      return;
    }
    runner.coalesced(this::drainOnce).subscribe().with(x -> {}, e -> {});
  }

  /** Processes leased batches until a claim comes back short. Visible for tests. */
  public Uni<Void> drainOnce() {
    return runner.whileMore(
        () ->
            inbox
                .claim()
                .chain(
                    entries ->
                        entries.isEmpty()
                            ? Uni.createFrom().item(false)
                            : processor
                                .process(entries)
                                .map(x -> entries.size() >= inbox.batchSize() && !pod.draining())));
  }

  void stop(@Observes ShutdownEvent event) {
    // Shutdown observers run on the main thread, never an event loop: waiting here is safe. The
    // inbox records no lease owner, so what is left when the wait ends expires on its own. (From
    // the start of the shutdown delay, the pod's draining state already stops new leases.)
    runner.drain(config.drainTimeout(), owner -> Uni.createFrom().item(0));
  }
}
