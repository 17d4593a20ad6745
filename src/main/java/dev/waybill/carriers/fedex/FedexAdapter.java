package dev.waybill.carriers.fedex;

import dev.waybill.carriers.spi.CarrierAdapter;
import dev.waybill.carriers.spi.CarrierCapabilities;
import dev.waybill.shipping.TrackingReport;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** FedEx, polled through the FedEx Track API. */
@ApplicationScoped
public class FedexAdapter implements CarrierAdapter {

  public static final String CODE = "fedex";

  /** The Track API takes at most 30 tracking numbers per request. */
  public static final int BATCH_SIZE = 30;

  static final String TRACKING_URL = "https://www.fedex.com/fedextrack/?trknbr={trackingNumber}";

  private final FedexConfig config;
  private final FedexClient client;

  public FedexAdapter(FedexConfig config, Vertx vertx) {
    this.config = config;
    this.client = new FedexClient(vertx, config);
  }

  @Override
  public CarrierCapabilities capabilities() {
    // FedEx can push tracking events (Advanced Integrated Visibility webhooks), which needs a
    // separate FedEx subscription; this adapter polls.
    return new CarrierCapabilities(
        CODE,
        "FedEx",
        BATCH_SIZE,
        config.requestsPerSecond(),
        config.maxConcurrency(),
        true,
        TRACKING_URL);
  }

  @Override
  public boolean enabled() {
    return present(config.clientId().orElse(null)) && present(config.clientSecret().orElse(null));
  }

  @Override
  public Uni<List<TrackingReport>> track(List<String> trackingNumbers) {
    List<String> numbers = new ArrayList<>(new LinkedHashSet<>(trackingNumbers));
    if (numbers.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    if (numbers.size() <= BATCH_SIZE) {
      return trackBatch(numbers);
    }
    // More than FedEx accepts at once: split rather than have FedEx reject the whole call.
    List<Uni<List<TrackingReport>>> calls = new ArrayList<>();
    for (int i = 0; i < numbers.size(); i += BATCH_SIZE) {
      calls.add(trackBatch(numbers.subList(i, Math.min(numbers.size(), i + BATCH_SIZE))));
    }
    return Uni.join()
        .all(calls)
        .andFailFast()
        .map(parts -> parts.stream().flatMap(List::stream).toList());
  }

  private Uni<List<TrackingReport>> trackBatch(List<String> numbers) {
    return client
        .track(numbers)
        .map(body -> FedexMapper.map(body, numbers))
        .invoke(
            results -> {
              long missing = results.stream().filter(r -> !r.found()).count();
              if (missing > 0) {
                Log.debugf(
                    "FedEx knows %d of %d numbers", numbers.size() - missing, numbers.size());
              }
            });
  }

  @PreDestroy
  void close() {
    client.close();
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
