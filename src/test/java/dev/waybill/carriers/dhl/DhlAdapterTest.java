package dev.waybill.carriers.dhl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.waybill.carriers.dhl.DhlFixtures.DELIVERED;
import static dev.waybill.carriers.dhl.DhlFixtures.EXCEPTION;
import static dev.waybill.carriers.dhl.DhlFixtures.IN_TRANSIT;
import static dev.waybill.carriers.dhl.DhlFixtures.NOT_FOUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.CarrierException.Kind;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DhlAdapterTest {

  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final String PATH = DhlClient.PATH;

  private static WireMockServer dhl;
  private static Vertx vertx;
  private DhlAdapter adapter;

  @BeforeAll
  static void start() {
    dhl = new WireMockServer(options().dynamicPort());
    dhl.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.closeAndAwait();
    dhl.stop();
  }

  @BeforeEach
  void setUp() {
    dhl.resetAll();
    stub(DELIVERED, json("delivered.json"));
    stub(IN_TRANSIT, json("in-transit.json"));
    stub(EXCEPTION, json("exception.json"));
    stub(NOT_FOUND, problem(404, "not-found-404.json"));
    adapter = new DhlAdapter(DhlFixtures.Config.forServer(dhl.baseUrl()), vertx, DhlFixtures.JSON);
  }

  @AfterEach
  void tearDown() {
    adapter.close();
  }

  private static ResponseDefinitionBuilder json(String fixture) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(DhlFixtures.text(fixture));
  }

  private static ResponseDefinitionBuilder problem(int status, String fixture) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/problem+json")
        .withBody(DhlFixtures.text(fixture));
  }

  private static void stub(String number, ResponseDefinitionBuilder answer) {
    dhl.stubFor(
        get(urlPathEqualTo(PATH))
            .withQueryParam("trackingNumber", equalTo(number))
            .willReturn(answer));
  }

  private Map<String, TrackingReport> track(String... numbers) {
    List<TrackingReport> results = adapter.track(List.of(numbers)).await().atMost(WAIT);
    assertEquals(numbers.length, results.size());
    return results.stream()
        .collect(Collectors.toMap(TrackingReport::trackingNumber, Function.identity()));
  }

  private CarrierException failure(String number) {
    return assertThrows(
        CarrierException.class, () -> adapter.track(List.of(number)).await().atMost(WAIT));
  }

  private static ReportedEvent latest(TrackingReport report) {
    return report.events().stream()
        .max(Comparator.comparing(e -> e.occurredAt().toInstant()))
        .orElseThrow();
  }

  @Test
  void capabilitiesDescribeDhlWithItsDailyBudget() {
    assertEquals("dhl", adapter.capabilities().code());
    assertEquals(1, adapter.capabilities().batchSize());
    assertEquals(0.2, adapter.capabilities().requestsPerSecond());
    assertEquals(250, adapter.dailyCallBudget().orElseThrow());
    assertFalse(adapter.capabilities().pushesWebhooks());
  }

  @Test
  void enabledOnlyWithAnApiKey() {
    assertTrue(adapter.enabled());
    DhlAdapter unconfigured =
        new DhlAdapter(
            DhlFixtures.Config.forServer(dhl.baseUrl()).withoutKey(), vertx, DhlFixtures.JSON);
    try {
      assertFalse(unconfigured.enabled());
    } finally {
      unconfigured.close();
    }
  }

  @Test
  void everyCallCarriesTheKeyAndTheServiceItsFormatNames() {
    track(DELIVERED, IN_TRANSIT, EXCEPTION, NOT_FOUND);

    dhl.verify(
        getRequestedFor(urlPathEqualTo(PATH))
            .withQueryParam("trackingNumber", equalTo(DELIVERED))
            .withQueryParam("service", equalTo("express"))
            .withQueryParam("language", equalTo("en"))
            .withQueryParam("originCountryCode", equalTo("DE"))
            .withQueryParam("recipientPostalCode", absent())
            .withHeader("DHL-API-Key", equalTo("dhl-test-key"))
            .withHeader("Authorization", absent()));
    dhl.verify(
        getRequestedFor(urlPathEqualTo(PATH))
            .withQueryParam("trackingNumber", equalTo(IN_TRANSIT))
            .withQueryParam("service", equalTo("parcel-de")));
    dhl.verify(
        getRequestedFor(urlPathEqualTo(PATH))
            .withQueryParam("trackingNumber", equalTo(EXCEPTION))
            .withQueryParam("service", equalTo("ecommerce")));
    dhl.verify(
        getRequestedFor(urlPathEqualTo(PATH))
            .withQueryParam("trackingNumber", equalTo(NOT_FOUND))
            .withQueryParam("service", equalTo("parcel-de")));
  }

  @Test
  void deliveredInTransitAndExceptionAreRead() {
    Map<String, TrackingReport> results = track(DELIVERED, IN_TRANSIT, EXCEPTION);

    assertEquals(TrackingStatus.DELIVERED, latest(results.get(DELIVERED)).status());
    assertEquals("JESSICA MEIER", results.get(DELIVERED).signedBy());
    assertEquals(TrackingStatus.OUT_FOR_DELIVERY, latest(results.get(IN_TRANSIT)).status());
    assertEquals(TrackingStatus.EXCEPTION, latest(results.get(EXCEPTION)).status());
    assertEquals(
        ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM, latest(results.get(EXCEPTION)).reason());
  }

  @Test
  void notFoundIsNotFoundYetNotAFailure() {
    TrackingReport report = track(NOT_FOUND).get(NOT_FOUND);

    assertFalse(report.found());
    assertTrue(report.events().isEmpty());
  }

  @Test
  void notFoundWithoutDhlsProblemBodyIsMalformed() {
    stub(DELIVERED, aResponse().withStatus(404).withBody("<html>Not Found</html>"));

    assertEquals(Kind.MALFORMED, failure(DELIVERED).kind());
  }

  @Test
  void rejectedKeyIsAnAuthFailure() {
    stub(DELIVERED, problem(401, "unauthorized-401.json"));

    CarrierException e = failure(DELIVERED);

    assertEquals(Kind.AUTH, e.kind());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("Unauthorized"), e.getMessage());
  }

  @Test
  void tooManyRequestsHonoursRetryAfter() {
    stub(
        DELIVERED,
        problem(429, "too-many-requests-429.json")
            .withHeader("Retry-After", "120")
            .withHeader("RateLimit-Reset", "3600"));

    CarrierException e = failure(DELIVERED);

    assertEquals(Kind.RATE_LIMITED, e.kind());
    assertEquals(Duration.ofSeconds(120), e.retryAfter());
  }

  @Test
  void tooManyRequestsWithoutRetryAfterWaitsForTheRateLimitReset() {
    stub(
        DELIVERED,
        problem(429, "too-many-requests-429.json")
            .withHeader("RateLimit-Limit", "250")
            .withHeader("RateLimit-Remaining", "0")
            .withHeader("RateLimit-Reset", "3600"));

    assertEquals(Duration.ofHours(1), failure(DELIVERED).retryAfter());
  }

  @Test
  void serverErrorIsRetryableUnavailability() {
    stub(DELIVERED, aResponse().withStatus(503));

    CarrierException e = failure(DELIVERED);

    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertTrue(e.retryable());
  }

  @Test
  void malformedAnswerIsMalformed() {
    stub(DELIVERED, json("malformed.json"));

    assertEquals(Kind.MALFORMED, failure(DELIVERED).kind());
  }

  @Test
  void unreadableJsonIsMalformed() {
    stub(DELIVERED, aResponse().withStatus(200).withBody("{\"shipments\": ["));

    assertEquals(Kind.MALFORMED, failure(DELIVERED).kind());
  }

  @Test
  void unreachableDhlIsUnavailable() {
    DhlAdapter nowhere =
        new DhlAdapter(DhlFixtures.Config.forServer("http://127.0.0.1:1"), vertx, DhlFixtures.JSON);
    try {
      CarrierException e =
          assertThrows(
              CarrierException.class, () -> nowhere.track(List.of(DELIVERED)).await().atMost(WAIT));
      assertEquals(Kind.UNAVAILABLE, e.kind());
    } finally {
      nowhere.close();
    }
  }

  @Test
  void theShoppersPostalCodeAndLanguageGoWithTheCall() {
    List<TrackingReport> reports =
        adapter
            .trackQueries(
                List.of(
                    new dev.waybill.carriers.spi.TrackingQuery(IN_TRANSIT, "10115", "DE", "de-DE")))
            .await()
            .atMost(WAIT);

    assertEquals(TrackingStatus.OUT_FOR_DELIVERY, latest(reports.get(0)).status());
    dhl.verify(
        getRequestedFor(urlPathEqualTo(PATH))
            .withQueryParam("trackingNumber", equalTo(IN_TRANSIT))
            .withQueryParam("service", equalTo("parcel-de"))
            .withQueryParam("recipientPostalCode", equalTo("10115"))
            .withQueryParam("language", equalTo("de")));
  }

  @Test
  void numberWithoutADhlFormatAsksForTheDefaultService() {
    assertEquals("express", adapter.service("ABC123"));
    assertEquals("parcel-nl", adapter.service("JVGL0123456789"));
    assertEquals("post-de", adapter.service("RR123456785DE"));
  }
}
