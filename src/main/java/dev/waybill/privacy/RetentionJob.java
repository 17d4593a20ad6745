package dev.waybill.privacy;

import dev.waybill.platform.config.WorkersOnly;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Schedules the retention run; the work happens in {@link Retention}. */
@ApplicationScoped
public class RetentionJob {

  private final Retention retention;
  private final PrivacyConfig config;

  public RetentionJob(Retention retention, PrivacyConfig config) {
    this.retention = retention;
    this.config = config;
  }

  @Scheduled(
      every = "${waybill.privacy.retention-interval:1h}",
      delayed = "2m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> anonymize() {
    if (!config.retentionEnabled()) {
      return Uni.createFrom().voidItem();
    }
    return retention
        .run()
        .invoke(
            report -> {
              if (report.orders() > 0) {
                Log.infof(
                    "Retention: anonymized %d orders delivered more than %s ago",
                    report.orders(), config.retention());
              }
              if (report.carrierPushes() > 0) {
                Log.infof(
                    "Retention: deleted %d carrier pushes received more than %s ago",
                    report.carrierPushes(), config.carrierPushRetention());
              }
            })
        .replaceWithVoid()
        .onFailure()
        .recoverWithUni(
            e -> {
              Log.warnf("Retention run failed: %s", e.toString());
              return Uni.createFrom().voidItem();
            });
  }
}
