package dev.waybill.carriers.sim;

import dev.waybill.carriers.spi.CarrierAdapter;
import dev.waybill.carriers.spi.CarrierCapabilities;
import dev.waybill.shipping.TrackingReport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Polls the simulated carrier {@code waybill-sim}. */
@ApplicationScoped
public class SimAdapter implements CarrierAdapter {

  public static final String CODE = "waybill-sim";

  private final SimConfig config;
  private final SimClient client;

  public SimAdapter(
      SimConfig config,
      Vertx vertx,
      @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
    this.config = config;
    this.client =
        new SimClient(
            vertx,
            config.baseUrl().orElse("http://localhost:" + port + "/sim/v1"),
            config.timeout());
  }

  @Override
  public CarrierCapabilities capabilities() {
    return new CarrierCapabilities(
        CODE,
        "Waybill Express (simulated)",
        config.batchSize(),
        config.requestsPerSecond(),
        config.maxConcurrency(),
        true,
        null);
  }

  @Override
  public boolean enabled() {
    return config.enabled();
  }

  @Override
  public Uni<List<TrackingReport>> track(List<String> trackingNumbers) {
    return client.track(trackingNumbers).map(SimMapper::results);
  }
}
