package dev.waybill.carriers.ups;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.carriers.spi.CarrierAdapter;
import dev.waybill.carriers.spi.CarrierCapabilities;
import dev.waybill.shipping.TrackingReport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** UPS through its Tracking API, one inquiry number per call. */
@ApplicationScoped
public class UpsAdapter implements CarrierAdapter {

  static final String TRACKING_URL = "https://www.ups.com/track?tracknum={trackingNumber}";

  private final UpsConfig config;
  private final UpsClient client;
  private final CarrierCapabilities capabilities;

  public UpsAdapter(UpsConfig config, Vertx vertx, ObjectMapper json) {
    this.config = config;
    this.client = new UpsClient(vertx, config, json);
    this.capabilities =
        new CarrierCapabilities(
            "ups",
            "UPS",
            // The details endpoint takes one inquiry number; UPS has no batch tracking call.
            1,
            config.requestsPerSecond(),
            config.maxConcurrency(),
            // UPS Track Alert can push events, but only to a subscribed webhook, which Waybill
            // doesn't run: UPS shipments are polled.
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

  /** One call per number, all at once; the whole call fails if any of them fails. */
  @Override
  public Uni<List<TrackingReport>> track(List<String> trackingNumbers) {
    if (trackingNumbers.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    List<Uni<List<TrackingReport>>> calls = trackingNumbers.stream().map(this::trackOne).toList();
    return Uni.join()
        .all(calls)
        .andFailFast()
        .map(results -> results.stream().flatMap(List::stream).toList());
  }

  private Uni<List<TrackingReport>> trackOne(String trackingNumber) {
    return client
        .details(trackingNumber)
        .map(
            body ->
                body.map(json -> UpsMapper.map(trackingNumber, json))
                    .orElseGet(() -> List.of(TrackingReport.notFound(trackingNumber))));
  }

  @PreDestroy
  void close() {
    client.close();
  }
}
