package dev.waybill.carriers.dhl;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.carriers.TrackingNumberFormats;
import dev.waybill.carriers.spi.CarrierAdapter;
import dev.waybill.carriers.spi.CarrierCapabilities;
import dev.waybill.carriers.spi.TrackingQuery;
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

  @Override
  public boolean wantsDestination() {
    return true;
  }

  @Override
  public Uni<List<TrackingReport>> track(List<String> trackingNumbers) {
    return trackQueries(trackingNumbers.stream().map(TrackingQuery::of).toList());
  }

  /**
   * One call per number, all at once; the whole call fails if any of them fails. The recipient's
   * postal code lets DHL show the details it protects with it, and the shopper's language is the
   * language of DHL's texts.
   */
  @Override
  public Uni<List<TrackingReport>> trackQueries(List<TrackingQuery> queries) {
    if (queries.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    List<Uni<TrackingReport>> calls = queries.stream().map(this::trackOne).toList();
    return Uni.join().all(calls).andFailFast();
  }

  private Uni<TrackingReport> trackOne(TrackingQuery asked) {
    String trackingNumber = asked.trackingNumber();
    DhlClient.Query query =
        new DhlClient.Query(
            trackingNumber,
            service(trackingNumber),
            language(asked.language()),
            blankToNull(asked.postalCode()),
            blankToNull(config.originCountryCode().orElse(null)));
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

  /** The language part of a locale ({@code de-DE} is {@code de}), else the configured one. */
  private String language(String locale) {
    if (locale != null && locale.length() >= 2 && Character.isLetter(locale.charAt(0))) {
      String language = locale.split("[-_]", 2)[0].toLowerCase(java.util.Locale.ROOT);
      if (language.matches("[a-z]{2}")) {
        return language;
      }
    }
    return config.language();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  @PreDestroy
  void close() {
    client.close();
  }
}
