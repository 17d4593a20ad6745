package dev.waybill.carriers;

import dev.waybill.platform.config.RoleConfig;
import dev.waybill.platform.config.WorkersOnly;
import dev.waybill.platform.health.PodState;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Picks up stored pushes that were not processed right away (a crash after the 2xx, a failure, or
 * another pod's backlog). Only leases and delegates.
 */
@ApplicationScoped
public class WebhookWorker {

  private final WebhookInbox inbox;
  private final WebhookProcessor processor;
  private final PollerConfig config;
  private final PodState pod;
  private final boolean worker;

  public WebhookWorker(
      WebhookInbox inbox,
      WebhookProcessor processor,
      PollerConfig config,
      PodState pod,
      RoleConfig role) {
    this.inbox = inbox;
    this.processor = processor;
    this.config = config;
    this.pod = pod;
    this.worker = role.role().runsWorkers();
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
    return drainOnce();
  }

  /**
   * Starts processing now, without waiting for it, so a push just stored needn't wait for the next
   * tick. Api pods leave pushes to the workers, whose capacity is sized for processing them, and a
   * draining pod leases nothing more.
   */
  public void kick() {
    if (!worker || pod.draining()) {
      return;
    }
    drainOnce().subscribe().with(x -> {}, e -> Log.debug("Inbox drain failed", e));
  }

  /** Processes one leased batch. Visible for tests. */
  public Uni<Void> drainOnce() {
    return inbox
        .claim(200, Duration.ofMinutes(2))
        .chain(
            entries ->
                entries.isEmpty() ? Uni.createFrom().voidItem() : processor.process(entries));
  }
}
