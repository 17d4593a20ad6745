package dev.waybill.carriers.ups;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.waybill.carriers.ups.UpsFixtures.DELIVERED;
import static dev.waybill.carriers.ups.UpsFixtures.EXCEPTION;
import static dev.waybill.carriers.ups.UpsFixtures.IN_TRANSIT;
import static dev.waybill.carriers.ups.UpsFixtures.NOT_FOUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.waybill.carriers.CarrierDirectory;
import dev.waybill.carriers.spi.CarrierCapabilities;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpsAdapterTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String UNKNOWN_404 = "1Z0000000000000000";

  private static WireMockServer ups;
  private static Vertx vertx;
  private UpsAdapter adapter;

  @BeforeAll
  static void start() {
    ups = new WireMockServer(options().dynamicPort());
    ups.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.closeAndAwait();
    ups.stop();
  }

  @BeforeEach
  void setUp() {
    ups.resetAll();
    ups.stubFor(post(UpsClient.TOKEN_PATH).willReturn(okJson(UpsFixtures.token("token-1"))));
    stubDetails(DELIVERED, "delivered.json");
    stubDetails(IN_TRANSIT, "in-transit.json");
    stubDetails(EXCEPTION, "exception.json");
    stubDetails(NOT_FOUND, "not-found.json");
    ups.stubFor(
        get(urlPathEqualTo(UpsClient.DETAILS_PATH + UNKNOWN_404))
            .willReturn(
                aResponse().withStatus(404).withBody(UpsFixtures.text("not-found-404.json"))));
    adapter = new UpsAdapter(UpsFixtures.Config.forServer(ups.baseUrl()), vertx, UpsFixtures.JSON);
  }

  @AfterEach
  void tearDown() {
    adapter.close();
  }

  private static void stubDetails(String number, String fixture) {
    ups.stubFor(
        get(urlPathEqualTo(UpsClient.DETAILS_PATH + number))
            .willReturn(okJson(UpsFixtures.text(fixture))));
  }

  private Map<String, TrackingReport> track(String... numbers) {
    List<TrackingReport> results = adapter.track(List.of(numbers)).await().atMost(WAIT);
    assertEquals(numbers.length, results.size());
    return results.stream()
        .collect(Collectors.toMap(TrackingReport::trackingNumber, Function.identity()));
  }

  private static TrackingStatus latest(TrackingReport result) {
    return result.events().get(0).status();
  }

  @Test
  void capabilitiesDescribeUpsTracking() {
    CarrierCapabilities capabilities = adapter.capabilities();

    assertEquals("ups", capabilities.code());
    assertEquals("UPS", capabilities.displayName());
    assertEquals(1, capabilities.batchSize());
    assertEquals(5, capabilities.requestsPerSecond());
    assertEquals(4, capabilities.maxConcurrency());
    assertFalse(capabilities.pushesWebhooks());
    assertEquals(
        new CarrierDirectory().find("ups").orElseThrow().trackingUrlTemplate(),
        capabilities.trackingUrlTemplate());
  }

  @Test
  void enabledOnlyWithClientIdAndSecret() {
    assertTrue(adapter.enabled());

    UpsAdapter unconfigured =
        new UpsAdapter(
            UpsFixtures.Config.forServer(ups.baseUrl()).withoutCredentials(),
            vertx,
            UpsFixtures.JSON);
    try {
      assertFalse(unconfigured.enabled());
    } finally {
      unconfigured.close();
    }
  }

  @Test
  void batchAsksUpsOncePerNumberAndAnswersEveryNumber() {
    Map<String, TrackingReport> results = track(DELIVERED, IN_TRANSIT, EXCEPTION, NOT_FOUND);

    assertEquals(TrackingStatus.DELIVERED, latest(results.get(DELIVERED)));
    assertEquals("JOHN", results.get(DELIVERED).signedBy());
    assertEquals(TrackingStatus.IN_TRANSIT, latest(results.get(IN_TRANSIT)));
    assertEquals(TrackingStatus.EXCEPTION, latest(results.get(EXCEPTION)));
    assertEquals(
        ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM, results.get(EXCEPTION).events().get(0).reason());
    assertFalse(results.get(NOT_FOUND).found());
    for (String number : List.of(DELIVERED, IN_TRANSIT, EXCEPTION, NOT_FOUND)) {
      ups.verify(1, getRequestedFor(urlPathEqualTo(UpsClient.DETAILS_PATH + number)));
    }
    ups.verify(1, postRequestedFor(urlPathEqualTo(UpsClient.TOKEN_PATH)));
    // Every call is its own transaction for UPS.
    List<String> transIds =
        List.of(DELIVERED, IN_TRANSIT, EXCEPTION, NOT_FOUND).stream()
            .flatMap(
                number ->
                    ups
                        .findAll(getRequestedFor(urlPathEqualTo(UpsClient.DETAILS_PATH + number)))
                        .stream())
            .map((LoggedRequest r) -> r.getHeader("transId"))
            .distinct()
            .toList();
    assertEquals(4, transIds.size());
  }

  @Test
  void numbersOfOneBatchAreTrackedConcurrently() {
    for (String number : List.of(DELIVERED, IN_TRANSIT, EXCEPTION)) {
      ups.stubFor(
          get(urlPathEqualTo(UpsClient.DETAILS_PATH + number))
              .willReturn(okJson(UpsFixtures.text("delivered.json")).withFixedDelay(600)));
    }
    track(DELIVERED); // fetch the token first, so only the tracking calls are timed

    long start = System.nanoTime();
    track(DELIVERED, IN_TRANSIT, EXCEPTION);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    // One after the other would take at least 1.8 s.
    assertTrue(took.compareTo(Duration.ofMillis(1_500)) < 0, took.toString());
  }

  @Test
  void numberUpsAnswers404IsNotFound() {
    TrackingReport result = track(UNKNOWN_404).get(UNKNOWN_404);

    assertFalse(result.found());
    assertTrue(result.events().isEmpty());
  }

  @Test
  void oneFailedNumberFailsTheBatch() {
    ups.stubFor(
        get(urlPathEqualTo(UpsClient.DETAILS_PATH + IN_TRANSIT))
            .willReturn(aResponse().withStatus(503)));

    CarrierException e =
        assertThrows(
            CarrierException.class,
            () -> adapter.track(List.of(DELIVERED, IN_TRANSIT)).await().atMost(WAIT));

    assertEquals(CarrierException.Kind.UNAVAILABLE, e.kind());
  }

  @Test
  void malformedAnswerFailsAsMalformed() {
    stubDetails(DELIVERED, "malformed.json");

    CarrierException e =
        assertThrows(
            CarrierException.class, () -> adapter.track(List.of(DELIVERED)).await().atMost(WAIT));

    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  @Test
  void emptyBatchCallsNobody() {
    assertTrue(adapter.track(List.of()).await().atMost(WAIT).isEmpty());
    ups.verify(0, postRequestedFor(urlPathEqualTo(UpsClient.TOKEN_PATH)));
  }
}
