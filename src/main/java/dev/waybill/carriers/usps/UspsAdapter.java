package dev.waybill.carriers.usps;

import dev.waybill.carriers.spi.CarrierAdapter;
import dev.waybill.carriers.spi.CarrierCapabilities;
import dev.waybill.shipping.TrackingReport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * USPS through the Tracking 3.0 API. The API tracks one number per call, so a batch is one number;
 * should more be passed, they are tracked concurrently and the call fails as a whole if any of them
 * does.
 */
@ApplicationScoped
public class UspsAdapter implements CarrierAdapter {

  public static final String CODE = "usps";

  static final String TRACKING_URL =
      "https://tools.usps.com/go/TrackConfirmAction?tLabels={trackingNumber}";

  private final UspsConfig config;
  private final UspsClient client;
  private final CarrierCapabilities capabilities;

  public UspsAdapter(Vertx vertx, UspsConfig config) {
    this.config = config;
    this.client = new UspsClient(vertx, config);
    this.capabilities =
        new CarrierCapabilities(
            CODE,
            "USPS",
            1,
            Math.max(1, config.requestsPerHour()) / 3600.0,
            // One call at a time keeps bursts inside the small hourly quota.
            1,
            // USPS offers tracking subscriptions, but Waybill has no receiver for them yet.
            false,
            TRACKING_URL);
  }

  @Override
  public CarrierCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public boolean enabled() {
    return config.clientId().filter(s -> !s.isBlank()).isPresent()
        && config.clientSecret().filter(s -> !s.isBlank()).isPresent();
  }

  @Override
  public Uni<List<TrackingReport>> track(List<String> trackingNumbers) {
    if (trackingNumbers.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    List<Uni<List<TrackingReport>>> calls =
        trackingNumbers.stream()
            .map(
                number ->
                    client
                        .track(number)
                        .map(reply -> UspsMapper.map(number, reply.status(), reply.body())))
            .toList();
    return Uni.join()
        .all(calls)
        .andFailFast()
        .map(results -> results.stream().flatMap(List::stream).toList());
  }

  @PreDestroy
  void close() {
    client.close();
  }
}
