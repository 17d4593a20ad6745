package dev.waybill.insights.delays;

import dev.waybill.platform.config.WorkersOnly;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Schedules the delay checks; the work happens in {@link AtRisk} and {@link ScanGaps}. */
@ApplicationScoped
public class DelayWatch {

  private final AtRisk atRisk;
  private final ScanGaps gaps;
  private final DelaysConfig config;

  public DelayWatch(AtRisk atRisk, ScanGaps gaps, DelaysConfig config) {
    this.atRisk = atRisk;
    this.gaps = gaps;
    this.config = config;
  }

  @Scheduled(
      every = "${waybill.delays.interval:1m}",
      delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> check() {
    if (!config.enabled()) {
      return Uni.createFrom().voidItem();
    }
    return drain()
        .onFailure()
        .recoverWithUni(
            e -> {
              Log.warnf("Delay check failed: %s", e.toString());
              return Uni.createFrom().voidItem();
            });
  }

  /** Batch after batch until one comes back short, so a wave of late parcels waits no tick. */
  private Uni<Void> drain() {
    return atRisk
        .check()
        .chain(
            checked ->
                checked.flagged() >= config.batchSize() || checked.cleared() >= config.batchSize()
                    ? drain()
                    : Uni.createFrom().voidItem());
  }

  @Scheduled(
      every = "${waybill.delays.learn-interval:1h}",
      delayed = "1m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> learn() {
    if (!config.enabled()) {
      return Uni.createFrom().voidItem();
    }
    return gaps.learn()
        .replaceWithVoid()
        .onFailure()
        .recoverWithUni(
            e -> {
              Log.warnf("Learning scan gaps failed: %s", e.toString());
              return Uni.createFrom().voidItem();
            });
  }
}
