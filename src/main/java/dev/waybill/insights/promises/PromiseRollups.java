package dev.waybill.insights.promises;

import dev.waybill.platform.config.WorkersOnly;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The scheduled rebuild: one pod at a time (a Postgres advisory lock held by a transaction that
 * lasts the run) folds each store's new deliveries into its rollups.
 */
@ApplicationScoped
public class PromiseRollups {

  /** Any constant shared by all pods; it names this job's advisory lock. */
  private static final long LOCK = 0x5761_7962_696c_6c01L;

  private final Pool pool;
  private final RollupFolder folder;
  private final PromiseService promises;
  private final PromisesConfig config;

  public PromiseRollups(
      Pool pool, RollupFolder folder, PromiseService promises, PromisesConfig config) {
    this.pool = pool;
    this.folder = folder;
    this.promises = promises;
    this.config = config;
  }

  @Scheduled(
      every = "${waybill.promises.rebuild-interval:10m}",
      delayed = "1m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> scheduled() {
    if (!config.rebuildEnabled()) {
      return Uni.createFrom().voidItem();
    }
    return rebuildAll()
        .onFailure()
        .recoverWithUni(
            t -> {
              Log.warnf(t, "Promise rollups rebuild failed; the next run retries");
              return Uni.createFrom().voidItem();
            });
  }

  /** Rebuilds every store with news, unless another pod is already doing it. */
  public Uni<Void> rebuildAll() {
    return pool.withTransaction(
        conn ->
            conn.query(
                    """
                SELECT pg_try_advisory_xact_lock(%s) AS locked
                """
                        .formatted(LOCK))
                .execute()
                .chain(
                    rows -> {
                      if (!rows.iterator().next().getBoolean("locked")) {
                        return Uni.createFrom().voidItem();
                      }
                      return folder
                          .storesWithNews()
                          .chain(
                              ids -> {
                                Uni<Void> all = Uni.createFrom().voidItem();
                                for (UUID id : ids) {
                                  all =
                                      all.call(
                                          () ->
                                              promises
                                                  .rebuild(id)
                                                  .invoke(
                                                      r ->
                                                          Log.infof(
                                                              "Promise rollups of store %s: %d"
                                                                  + " deliveries folded in",
                                                              id, r.deliveriesFolded())));
                                }
                                return all;
                              });
                    }));
  }
}
