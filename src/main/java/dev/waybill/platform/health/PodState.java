package dev.waybill.platform.health;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import org.flywaydb.core.Flyway;

/**
 * What the probes report about this pod: whether its schema is migrated and Postgres has answered
 * once (before that it is not ready), whether Postgres and Redis answer now, and whether it is
 * draining for shutdown.
 *
 * <p>Once a pod has started, an outage of Postgres or Redis does not make it unready: every pod
 * shares the outage, so taking them out of the load balancer would only turn a partial service
 * (cached lookups without Postgres, lookups from Postgres without Redis) into none.
 */
@ApplicationScoped
public class PodState {

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  private final Pool pool;
  private final ReactiveRedisDataSource redis;
  private final Instance<Flyway> flyway;
  private volatile boolean migrated;
  private volatile boolean connected;
  private volatile boolean draining;

  public PodState(Pool pool, ReactiveRedisDataSource redis, Instance<Flyway> flyway) {
    this.pool = pool;
    this.redis = redis;
    this.flyway = flyway;
  }

  void started(@Observes StartupEvent event) {
    // Startup observers run on the main thread: a blocking look at the schema is fine here.
    migrated = pendingMigrations() == 0;
    // The first answer makes the pod ready without waiting for the first probe.
    postgresUp().subscribe().with(up -> {});
  }

  /** Readiness goes down first; in-flight requests still finish. */
  void drainRequested(@Observes ShutdownDelayInitiatedEvent event) {
    if (!draining) {
      Log.info("Shutting down: readiness is down, new background work is no longer claimed");
    }
    draining = true;
  }

  void stopping(@Observes ShutdownEvent event) {
    draining = true;
  }

  /** Whether the pod is shutting down. */
  public boolean draining() {
    return draining;
  }

  /** For tests: the pod serves again after a simulated drain. */
  public void resume() {
    draining = false;
  }

  /** Whether every migration packaged with this build is applied (checked until it is). */
  public Uni<Boolean> migrated() {
    if (migrated) {
      return Uni.createFrom().item(true);
    }
    return Uni.createFrom()
        .item(() -> pendingMigrations() == 0)
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .invoke(done -> migrated = done)
        .onFailure()
        .recoverWithItem(false);
  }

  /** Whether Postgres has answered at least once since start. */
  public boolean connectedOnce() {
    return connected;
  }

  /** Whether Postgres answers now. */
  public Uni<Boolean> postgresUp() {
    return pool.query("SELECT 1")
        .execute()
        .ifNoItem()
        .after(PROBE_TIMEOUT)
        .fail()
        .map(rows -> true)
        .invoke(up -> connected = true)
        .onFailure()
        .recoverWithItem(false);
  }

  /** Whether Redis answers now. */
  public Uni<Boolean> redisUp() {
    return redis
        .execute("PING")
        .ifNoItem()
        .after(PROBE_TIMEOUT)
        .fail()
        .map(reply -> true)
        .onFailure()
        .recoverWithItem(false);
  }

  private int pendingMigrations() {
    if (!flyway.isResolvable()) {
      return 0;
    }
    try {
      return flyway.get().info().pending().length;
    } catch (RuntimeException e) {
      Log.warnf("Could not read the schema's migration state: %s", e.getMessage());
      return -1;
    }
  }
}
