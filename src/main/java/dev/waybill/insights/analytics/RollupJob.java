package dev.waybill.insights.analytics;

import dev.waybill.insights.analytics.Rollups.Refresh;
import dev.waybill.platform.config.WorkersOnly;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the analytics rollups current; the work itself is in {@link Rollups} and {@link PageViews}.
 */
@ApplicationScoped
public class RollupJob {

  private final Rollups rollups;
  private final PageViews pageViews;
  private final AnalyticsConfig config;

  public RollupJob(Rollups rollups, PageViews pageViews, AnalyticsConfig config) {
    this.rollups = rollups;
    this.pageViews = pageViews;
    this.config = config;
  }

  @Scheduled(
      every = "${waybill.analytics.interval:1m}",
      delayed = "10s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> scheduled() {
    if (!config.enabled()) {
      return Uni.createFrom().voidItem();
    }
    return runOnce()
        .replaceWithVoid()
        .onFailure()
        .invoke(e -> Log.warnf(e, "analytics rollup failed; the next run retries"))
        .onFailure()
        .recoverWithNull();
  }

  /** One run: page views first, so the days they land on are current too. Visible for tests. */
  public Uni<Refresh> runOnce() {
    return pageViews.flush().chain(rollups::refresh);
  }
}
