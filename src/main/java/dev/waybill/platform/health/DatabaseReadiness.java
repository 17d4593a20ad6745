package dev.waybill.platform.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the schema is migrated and Postgres has answered. A later outage is reported in the
 * data but keeps the pod ready: cached lookups still work, writes answer 503 with Retry-After.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

  private final PodState pod;

  public DatabaseReadiness(PodState pod) {
    this.pod = pod;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return pod.migrated()
        .chain(
            migrated ->
                pod.postgresUp()
                    .map(
                        up ->
                            HealthCheckResponse.named("PostgreSQL")
                                .status(migrated && pod.connectedOnce())
                                .withData("migrations", migrated ? "applied" : "pending")
                                .withData(
                                    "connection",
                                    up ? "up" : "down: cached lookups only, writes answer 503")
                                .build()));
  }
}
