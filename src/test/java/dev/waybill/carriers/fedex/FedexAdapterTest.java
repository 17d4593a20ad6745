package dev.waybill.carriers.fedex;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.waybill.carriers.fedex.FedexTestSupport.fixture;
import static dev.waybill.carriers.fedex.FedexTestSupport.stubToken;
import static dev.waybill.carriers.fedex.FedexTestSupport.stubTrack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.waybill.carriers.CarrierInfo;
import dev.waybill.carriers.fedex.FedexTestSupport.TestConfig;
import dev.waybill.carriers.spi.CarrierCapabilities;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FedexAdapterTest {

  static WireMockServer fedex;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    fedex = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    fedex.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    fedex.stop();
    vertx.closeAndAwait();
  }

  @BeforeEach
  void reset() {
    fedex.resetAll();
  }

  private FedexAdapter adapter() {
    return new FedexAdapter(TestConfig.of(fedex.baseUrl()), vertx);
  }

  private static Map<String, TrackingReport> track(FedexAdapter adapter, List<String> numbers) {
    return adapter.track(numbers).await().atMost(Duration.ofSeconds(5)).stream()
        .collect(Collectors.toMap(TrackingReport::trackingNumber, Function.identity()));
  }

  @Test
  void capabilitiesAreFedexsDocumentedLimits() {
    CarrierCapabilities c = adapter().capabilities();

    assertEquals("fedex", c.code());
    assertEquals("FedEx", c.displayName());
    assertEquals(30, c.batchSize());
    assertEquals(1.0, c.requestsPerSecond());
    assertEquals(2, c.maxConcurrency());
    assertTrue(c.pushesWebhooks());
    assertEquals(
        "https://www.fedex.com/fedextrack/?trknbr=122816215025810",
        new CarrierInfo(c.code(), c.displayName(), c.trackingUrlTemplate())
            .trackingUrl("122816215025810"));
  }

  @Test
  void enabledOnlyWithBothCredentials() {
    TestConfig config = TestConfig.of(fedex.baseUrl());

    assertTrue(adapter().enabled());
    assertFalse(enabled(config.withCredentials(Optional.of("id"), Optional.empty())));
    assertFalse(enabled(config.withCredentials(Optional.empty(), Optional.of("secret"))));
    assertFalse(enabled(config.withCredentials(Optional.of(" "), Optional.of("secret"))));
  }

  @Test
  void oneBatchCallTracksDeliveredInTransitExceptionAndNotFound() {
    stubToken(fedex);
    stubTrack(fedex, 200, fixture("batch.json"));
    List<String> numbers =
        List.of("122816215025810", "920241085725456", "852426136339213", "111111111111");

    Map<String, TrackingReport> results = track(adapter(), numbers);

    assertEquals(4, results.size());
    assertEquals(TrackingStatus.DELIVERED, latest(results.get("122816215025810")));
    assertEquals("M.JONES", results.get("122816215025810").signedBy());
    assertEquals(TrackingStatus.IN_TRANSIT, latest(results.get("920241085725456")));
    TrackingReport exception = results.get("852426136339213");
    assertEquals(TrackingStatus.EXCEPTION, latest(exception));
    assertEquals(
        ExceptionReason.FORCE_MAJEURE_WEATHER,
        exception.events().stream()
            .filter(e -> "DE".equals(e.carrierCode()))
            .findFirst()
            .orElseThrow()
            .reason());
    assertFalse(results.get("111111111111").found());
    fedex.verify(1, postRequestedFor(urlEqualTo(FedexClient.TRACK_PATH)));
  }

  @Test
  void moreNumbersThanFedexTakesAreSplitIntoBatchesOfThirty() {
    stubToken(fedex);
    stubTrack(fedex, 200, fixture("batch.json"));
    List<String> numbers =
        IntStream.range(0, 31).mapToObj(i -> String.format("7948431852%02d", i)).toList();

    Map<String, TrackingReport> results = track(adapter(), numbers);

    assertEquals(31, results.size());
    fedex.verify(2, postRequestedFor(urlEqualTo(FedexClient.TRACK_PATH)));
    fedex.verify(1, postRequestedFor(urlEqualTo(FedexClient.TOKEN_PATH)));
  }

  @Test
  void nothingToTrackMakesNoCall() {
    assertTrue(adapter().track(List.of()).await().atMost(Duration.ofSeconds(1)).isEmpty());

    fedex.verify(0, postRequestedFor(urlEqualTo(FedexClient.TOKEN_PATH)));
  }

  @Test
  void malformedAnswerFailsTheBatchAsMalformed() {
    stubToken(fedex);
    stubTrack(fedex, 200, fixture("malformed.json"));

    CarrierException e =
        assertThrows(
            CarrierException.class,
            () ->
                adapter().track(List.of("122816215025810")).await().atMost(Duration.ofSeconds(5)));

    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  private static boolean enabled(TestConfig config) {
    return new FedexAdapter(config, vertx).enabled();
  }

  private static TrackingStatus latest(TrackingReport r) {
    return r.events().stream()
        .max((a, b) -> a.occurredAt().compareTo(b.occurredAt()))
        .orElseThrow()
        .status();
  }
}
