package dev.waybill.carriers.usps;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.waybill.carriers.usps.UspsTestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.waybill.carriers.spi.CarrierCapabilities;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.CarrierException.Kind;
import dev.waybill.carriers.usps.UspsTestSupport.TestConfig;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UspsAdapterTest {

  private static final String DELIVERED = "9400111899223197428490";
  private static final String IN_TRANSIT = "9205590164917312751089";
  private static final String ATTEMPTED = "9361289673090019555035";
  private static final String UNKNOWN = "9400100000000000000000";
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static WireMockServer usps;
  private static Vertx vertx;
  private UspsAdapter adapter;

  @BeforeAll
  static void startServer() {
    usps = new WireMockServer(options().dynamicPort());
    usps.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopServer() {
    usps.stop();
    vertx.closeAndAwait();
  }

  @BeforeEach
  void setUp() {
    usps.resetAll();
    adapter = new UspsAdapter(vertx, TestConfig.forServer(usps.baseUrl()));
    usps.stubFor(
        post(urlEqualTo("/oauth2/v3/token"))
            .willReturn(okJson("{\"access_token\":\"tok-1\",\"expires_in\":28799}")));
  }

  @AfterEach
  void tearDown() {
    adapter.close();
  }

  private static void answer(String number, int status, String body) {
    usps.stubFor(
        get(urlPathEqualTo("/tracking/v3/tracking/" + number))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  private Map<String, TrackingReport> track(String... numbers) {
    List<TrackingReport> results = adapter.track(List.of(numbers)).await().atMost(WAIT);
    assertEquals(numbers.length, results.size());
    return results.stream()
        .collect(Collectors.toMap(TrackingReport::trackingNumber, Function.identity()));
  }

  @Test
  void capabilitiesDescribeOneNumberPerCallWithinTheHourlyQuota() {
    CarrierCapabilities capabilities = adapter.capabilities();

    assertEquals("usps", capabilities.code());
    assertEquals("USPS", capabilities.displayName());
    assertEquals(1, capabilities.batchSize());
    assertEquals(60 / 3600.0, capabilities.requestsPerSecond(), 1e-9);
    assertEquals(1, capabilities.maxConcurrency());
    assertFalse(capabilities.pushesWebhooks());
    assertEquals(
        "https://tools.usps.com/go/TrackConfirmAction?tLabels={trackingNumber}",
        capabilities.trackingUrlTemplate());
  }

  @Test
  void enabledOnlyWithBothCredentials() {
    TestConfig config = TestConfig.forServer(usps.baseUrl());
    assertTrue(adapter.enabled());

    UspsAdapter noSecret =
        new UspsAdapter(vertx, config.withCredentials(Optional.of("id"), Optional.empty()));
    UspsAdapter blankId =
        new UspsAdapter(vertx, config.withCredentials(Optional.of(" "), Optional.of("secret")));
    try {
      assertFalse(noSecret.enabled());
      assertFalse(blankId.enabled());
    } finally {
      noSecret.close();
      blankId.close();
    }
  }

  @Test
  void batchTracksEachNumberInItsOwnDetailRequestWithOneToken() {
    answer(DELIVERED, 200, fixture("delivered.json"));
    answer(IN_TRANSIT, 200, fixture("in-transit.json"));
    answer(ATTEMPTED, 200, fixture("exception.json"));
    answer(UNKNOWN, 400, fixture("not-found.json"));

    track(DELIVERED, IN_TRANSIT, ATTEMPTED, UNKNOWN);

    for (String number : List.of(DELIVERED, IN_TRANSIT, ATTEMPTED, UNKNOWN)) {
      usps.verify(
          1,
          getRequestedFor(urlEqualTo("/tracking/v3/tracking/" + number + "?expand=DETAIL"))
              .withHeader("Authorization", equalTo("Bearer tok-1"))
              .withHeader("Accept", equalTo("application/json")));
    }
    usps.verify(1, postRequestedFor(urlEqualTo("/oauth2/v3/token")));
  }

  @Test
  void deliveredInTransitAttemptedAndUnknownNumbersAreTold() {
    answer(DELIVERED, 200, fixture("delivered.json"));
    answer(IN_TRANSIT, 200, fixture("in-transit.json"));
    answer(ATTEMPTED, 200, fixture("exception.json"));
    answer(UNKNOWN, 400, fixture("not-found.json"));

    Map<String, TrackingReport> results = track(DELIVERED, IN_TRANSIT, ATTEMPTED, UNKNOWN);

    TrackingReport delivered = results.get(DELIVERED);
    assertEquals(TrackingStatus.DELIVERED, delivered.events().get(0).status());
    assertEquals("J SMITH", delivered.signedBy());

    TrackingReport inTransit = results.get(IN_TRANSIT);
    assertEquals(TrackingStatus.IN_TRANSIT, inTransit.events().get(0).status());

    TrackingReport attempted = results.get(ATTEMPTED);
    assertEquals(TrackingStatus.DELIVERY_ATTEMPTED, attempted.events().get(0).status());
    assertEquals(ExceptionReason.CONSIGNEE_NOT_HOME, attempted.events().get(0).reason());

    TrackingReport unknown = results.get(UNKNOWN);
    assertFalse(unknown.found());
    assertTrue(unknown.events().isEmpty());
  }

  @Test
  void resourceNotFoundIsANotFoundResult() {
    answer(UNKNOWN, 404, "{\"error\":{\"code\":\"404\",\"message\":\"Resource Not Found\"}}");

    assertFalse(track(UNKNOWN).get(UNKNOWN).found());
  }

  @Test
  void emptyBatchMakesNoCalls() {
    assertTrue(adapter.track(List.of()).await().atMost(WAIT).isEmpty());

    usps.verify(0, getRequestedFor(anyUrl()));
    usps.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void oneFailedNumberFailsTheWholeCall() {
    answer(DELIVERED, 200, fixture("delivered.json"));
    answer(IN_TRANSIT, 500, "{\"error\":{\"code\":\"500\"}}");

    CarrierException e =
        assertThrows(
            CarrierException.class,
            () -> adapter.track(List.of(DELIVERED, IN_TRANSIT)).await().atMost(WAIT));
    assertEquals(Kind.UNAVAILABLE, e.kind());
  }

  @Test
  void unauthorizedTrackingIsAnAuthFailure() {
    answer(DELIVERED, 401, "{\"error\":{\"code\":\"401\",\"message\":\"Unauthorized\"}}");

    CarrierException e =
        assertThrows(
            CarrierException.class, () -> adapter.track(List.of(DELIVERED)).await().atMost(WAIT));
    assertEquals(Kind.AUTH, e.kind());
    usps.verify(2, postRequestedFor(urlEqualTo("/oauth2/v3/token")));
  }

  @Test
  void rateLimitedTrackingCarriesRetryAfter() {
    usps.stubFor(
        get(urlPathMatching("/tracking/v3/tracking/.*"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")));

    CarrierException e =
        assertThrows(
            CarrierException.class, () -> adapter.track(List.of(DELIVERED)).await().atMost(WAIT));
    assertEquals(Kind.RATE_LIMITED, e.kind());
    assertEquals(Duration.ofSeconds(60), e.retryAfter());
  }

  @Test
  void malformedTrackingAnswerIsMalformed() {
    answer(DELIVERED, 200, fixture("malformed.json"));

    CarrierException e =
        assertThrows(
            CarrierException.class, () -> adapter.track(List.of(DELIVERED)).await().atMost(WAIT));
    assertEquals(Kind.MALFORMED, e.kind());
  }

  @Test
  void numbersAreEncodedIntoThePath() {
    usps.stubFor(
        get(urlEqualTo("/tracking/v3/tracking/EA%20123%2F4?expand=DETAIL"))
            .willReturn(aResponse().withStatus(404)));

    assertFalse(track("EA 123/4").get("EA 123/4").found());
  }
}
