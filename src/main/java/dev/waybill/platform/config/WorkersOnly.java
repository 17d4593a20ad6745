package dev.waybill.platform.config;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Background jobs name this in {@code @Scheduled(skipExecutionIf = WorkersOnly.class)}: they run in
 * worker (and all-in-one) pods and are skipped in api pods.
 */
@Singleton
public class WorkersOnly implements Scheduled.SkipPredicate {

  private final Role role;

  public WorkersOnly(RoleConfig config) {
    this.role = config.role();
  }

  @Override
  public boolean test(ScheduledExecution execution) {
    return !role.runsWorkers();
  }

  void onStart(@Observes StartupEvent event) {
    Log.infof("Role: %s", role.name().toLowerCase(java.util.Locale.ROOT));
    if (role == Role.MIGRATE) {
      // Flyway has migrated the schema before startup completes; nothing else to do.
      Log.info("Schema migrated; exiting");
      Quarkus.asyncExit(0);
    }
  }
}
