package dev.waybill.platform.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Down from the moment shutdown begins, so the load balancer stops sending requests first. */
@Readiness
@ApplicationScoped
public class DrainReadiness implements HealthCheck {

  private final PodState pod;

  public DrainReadiness(PodState pod) {
    this.pod = pod;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("Accepting requests").status(!pod.draining()).build();
  }
}
