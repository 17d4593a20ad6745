package dev.waybill.platform.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Redis never makes the pod unready: without it lookups are served from Postgres (marked with
 * {@code X-Waybill-Degraded: cache}) and writes succeed. The data says when it is degraded.
 */
@Readiness
@ApplicationScoped
public class CacheReadiness implements AsyncHealthCheck {

  private final PodState pod;

  public CacheReadiness(PodState pod) {
    this.pod = pod;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return pod.redisUp()
        .map(
            up ->
                HealthCheckResponse.named("Redis")
                    .up()
                    .withData("state", up ? "up" : "degraded: lookups served from Postgres")
                    .build());
  }
}
