package dev.waybill.platform.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the schema is migrated and Postgres has answered; liveness waits for it. */
@Startup
@ApplicationScoped
public class StartupProbe implements AsyncHealthCheck {

  private final PodState pod;

  public StartupProbe(PodState pod) {
    this.pod = pod;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return pod.migrated()
        .chain(
            migrated ->
                (pod.connectedOnce() ? Uni.createFrom().item(true) : pod.postgresUp())
                    .map(
                        connected ->
                            HealthCheckResponse.named("Migrated and connected")
                                .status(migrated && connected)
                                .withData("migrations", migrated ? "applied" : "pending")
                                .build()));
  }
}
