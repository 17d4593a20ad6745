package dev.waybill.carriers.dhl;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.carriers.TrackingNumberFormats;
import dev.waybill.carriers.spi.CarrierAdapter;
import dev.waybill.carriers.spi.CarrierCapabilities;
import dev.waybill.shipping.TrackingReport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.OptionalInt;

/**
 * DHL through its Shipment Tracking – Unified API, one number per call, each with the DHL business
 * its format names, within a daily call budget.
 */
@ApplicationScoped
public class DhlAdapter implements CarrierAdapter {

  static final String TRACKING_URL =
      "https://www.dhl.com/global-en/home/tracking.html?tracking-id={trackingNumber}&submit=1";

  private final DhlConfig config;
  private final DhlClient client;
  private final CarrierCapabilities capabilities;

  public DhlAdapter(DhlConfig config, Vertx vertx, ObjectMapper json) {
    this.config = config;
    this.client = new DhlClient(vertx, config, json);
    this.capabilities =
        new CarrierCapabilities(
            "dhl",
            "DHL",
            // The Unified API takes one tracking number per call.
            1,
            config.requestsPerSecond(),
            config.maxConcurrency(),
            // DHL offers pushes only to contract customers' subscriptions: DHL shipments are
            // polled.
            false,
            TRACKING_URL);
  }

  @Override
  public CarrierCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public boolean enabled() {
    return config.apiKey().filter(s -> !s.isBlank()).isPresent();
  }

  @Override
  public OptionalInt dailyCallBudget() {
    return config.dailyCallBudget() > 0
        ? OptionalInt.of(config.dailyCallBudget())
        : OptionalInt.empty();
  }

  /** One call per number, all at once; the whole call fails if any of them fails. */
  @Override
  public Uni<List<TrackingReport>> track(List<String> trackingNumbers) {
    if (trackingNumbers.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    List<Uni<TrackingReport>> calls = trackingNumbers.stream().map(this::trackOne).toList();
    return Uni.join().all(calls).andFailFast();
  }

  private Uni<TrackingReport> trackOne(String trackingNumber) {
    DhlClient.Query query =
        new DhlClient.Query(
            trackingNumber,
            service(trackingNumber),
            config.language(),
            null,
            config.originCountryCode().filter(s -> !s.isBlank()).orElse(null));
    return client
        .track(query)
        .map(
            body ->
                body.map(json -> DhlMapper.map(trackingNumber, json))
                    .orElseGet(() -> TrackingReport.notFound(trackingNumber)));
  }

  /** The DHL business the number's format names, else the configured default. */
  String service(String trackingNumber) {
    return TrackingNumberFormats.dhlService(trackingNumber).orElse(config.defaultService());
  }

  @PreDestroy
  void close() {
    client.close();
  }
}
