package dev.waybill.carriers;

import dev.waybill.platform.config.WorkersOnly;
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

  public WebhookWorker(WebhookInbox inbox, WebhookProcessor processor, PollerConfig config) {
    this.inbox = inbox;
    this.processor = processor;
    this.config = config;
  }

  @Scheduled(
      every = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> drain() {
    if (!config.enabled()) {
      return Uni.createFrom().voidItem();
    }
    return drainOnce();
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
