package dev.waybill.carriers.ups;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.waybill.carriers.ups.UpsFixtures.DELIVERED;
import static dev.waybill.carriers.ups.UpsFixtures.NOT_FOUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.CarrierException.Kind;
import io.vertx.mutiny.core.Vertx;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpsClientTest {

  private static final String TOKEN = UpsClient.TOKEN_PATH;
  private static final String DETAILS = UpsClient.DETAILS_PATH + DELIVERED;
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static WireMockServer ups;
  private static Vertx vertx;
  private UpsClient client;

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
    ups.stubFor(post(TOKEN).willReturn(okJson(UpsFixtures.token("token-1"))));
    client = new UpsClient(vertx, UpsFixtures.Config.forServer(ups.baseUrl()), UpsFixtures.JSON);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private Optional<JsonNode> details(String number) {
    return client.details(number).await().atMost(WAIT);
  }

  private CarrierException failure(String number) {
    return assertThrows(CarrierException.class, () -> details(number));
  }

  @Test
  void tokenRequestUsesBasicAuthAndClientCredentialsGrant() {
    ups.stubFor(
        get(urlPathEqualTo(DETAILS)).willReturn(okJson(UpsFixtures.text("delivered.json"))));

    details(DELIVERED);

    String basic =
        Base64.getEncoder()
            .encodeToString("client-id:client-secret".getBytes(StandardCharsets.UTF_8));
    ups.verify(
        postRequestedFor(urlPathEqualTo(TOKEN))
            .withHeader("Authorization", equalTo("Basic " + basic))
            .withHeader("Content-Type", matching("application/x-www-form-urlencoded.*"))
            .withHeader("x-merchant-id", equalTo("A1B2C3"))
            .withRequestBody(equalTo("grant_type=client_credentials")));
  }

  @Test
  void tokenIsFetchedOnceAndReused() {
    ups.stubFor(
        get(urlPathEqualTo(DETAILS)).willReturn(okJson(UpsFixtures.text("delivered.json"))));

    details(DELIVERED);
    details(DELIVERED);
    details(DELIVERED);

    ups.verify(1, postRequestedFor(urlPathEqualTo(TOKEN)));
    ups.verify(3, getRequestedFor(urlPathEqualTo(DETAILS)));
  }

  @Test
  void detailsRequestCarriesBearerTokenTransactionHeadersAndLocale() {
    ups.stubFor(
        get(urlPathEqualTo(DETAILS)).willReturn(okJson(UpsFixtures.text("delivered.json"))));

    Optional<JsonNode> body = details(DELIVERED);

    assertTrue(body.isPresent());
    ups.verify(
        getRequestedFor(urlPathEqualTo(DETAILS))
            .withHeader("Authorization", equalTo("Bearer token-1"))
            .withHeader("transId", matching("[0-9a-f]{32}"))
            .withHeader("transactionSrc", equalTo("waybill-test"))
            .withQueryParam("locale", equalTo("en_US")));
  }

  @Test
  void unknownNumberAnswered404WithUpsErrorBodyIsEmpty() {
    ups.stubFor(
        get(urlPathEqualTo(UpsClient.DETAILS_PATH + NOT_FOUND))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(UpsFixtures.text("not-found-404.json"))));

    assertTrue(details(NOT_FOUND).isEmpty());
  }

  @Test
  void notFoundWithoutUpsErrorBodyIsMalformedNotAnUnknownNumber() {
    ups.stubFor(
        get(urlPathEqualTo(DETAILS))
            .willReturn(aResponse().withStatus(404).withBody("<html>nope</html>")));

    assertEquals(Kind.MALFORMED, failure(DELIVERED).kind());
  }

  @Test
  void unauthorizedRefreshesTheTokenOnceAndRetries() {
    ups.resetAll();
    ups.stubFor(
        post(TOKEN)
            .inScenario("tokens")
            .whenScenarioStateIs(STARTED)
            .willReturn(okJson(UpsFixtures.token("stale")))
            .willSetStateTo("refreshed"));
    ups.stubFor(
        post(TOKEN)
            .inScenario("tokens")
            .whenScenarioStateIs("refreshed")
            .willReturn(okJson(UpsFixtures.token("fresh"))));
    ups.stubFor(
        get(urlPathEqualTo(DETAILS))
            .withHeader("Authorization", equalTo("Bearer stale"))
            .willReturn(aResponse().withStatus(401)));
    ups.stubFor(
        get(urlPathEqualTo(DETAILS))
            .withHeader("Authorization", equalTo("Bearer fresh"))
            .willReturn(okJson(UpsFixtures.text("delivered.json"))));

    assertTrue(details(DELIVERED).isPresent());
    ups.verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
    ups.verify(2, getRequestedFor(urlPathEqualTo(DETAILS)));

    // The fresh token is then kept.
    details(DELIVERED);
    ups.verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
  }

  @Test
  void unauthorizedAgainAfterRefreshIsAuth() {
    ups.stubFor(
        get(urlPathEqualTo(DETAILS))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"response\":{\"errors\":[{\"code\":\"250002\","
                            + "\"message\":\"Invalid Authentication Information.\"}]}}")));

    CarrierException e = failure(DELIVERED);

    assertEquals(Kind.AUTH, e.kind());
    assertTrue(e.getMessage().contains("250002"), e.getMessage());
    ups.verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
    ups.verify(2, getRequestedFor(urlPathEqualTo(DETAILS)));
  }

  @Test
  void blockedMerchantIsAuth() {
    ups.stubFor(get(urlPathEqualTo(DETAILS)).willReturn(aResponse().withStatus(403)));

    assertEquals(Kind.AUTH, failure(DELIVERED).kind());
  }

  @Test
  void rejectedCredentialsAreAuth() {
    ups.stubFor(post(TOKEN).willReturn(aResponse().withStatus(401)));

    assertEquals(Kind.AUTH, failure(DELIVERED).kind());
    ups.verify(0, getRequestedFor(urlPathEqualTo(DETAILS)));
  }

  @Test
  void missingCredentialsAreAuthWithoutCallingUps() {
    client.close();
    client =
        new UpsClient(
            vertx,
            UpsFixtures.Config.forServer(ups.baseUrl()).withoutCredentials(),
            UpsFixtures.JSON);

    assertEquals(Kind.AUTH, failure(DELIVERED).kind());
    ups.verify(0, postRequestedFor(urlPathEqualTo(TOKEN)));
  }

  @Test
  void rateLimitedResponseCarriesRetryAfter() {
    ups.stubFor(
        get(urlPathEqualTo(DETAILS))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "30")
                    .withBody(
                        "{\"response\":{\"errors\":[{\"code\":\"10429\","
                            + "\"message\":\"Too Many Requests\"}]}}")));

    CarrierException e = failure(DELIVERED);

    assertEquals(Kind.RATE_LIMITED, e.kind());
    assertEquals(Duration.ofSeconds(30), e.retryAfter());
    assertTrue(e.retryable());
  }

  @Test
  void rateLimitedTokenRequestIsRateLimited() {
    ups.stubFor(post(TOKEN).willReturn(aResponse().withStatus(429)));

    CarrierException e = failure(DELIVERED);

    assertEquals(Kind.RATE_LIMITED, e.kind());
    assertNull(e.retryAfter());
  }

  @Test
  void retryAfterReadsSecondsAndHttpDates() {
    Clock clock = Clock.fixed(Instant.parse("2024-04-23T12:00:00Z"), ZoneOffset.UTC);

    assertEquals(Duration.ofSeconds(120), UpsClient.retryAfter("120", clock));
    assertEquals(
        Duration.ofSeconds(90), UpsClient.retryAfter("Tue, 23 Apr 2024 12:01:30 GMT", clock));
    assertEquals(Duration.ZERO, UpsClient.retryAfter("Tue, 23 Apr 2024 11:00:00 GMT", clock));
    assertNull(UpsClient.retryAfter("soon", clock));
    assertNull(UpsClient.retryAfter(null, clock));
  }

  @Test
  void serverErrorIsUnavailable() {
    ups.stubFor(get(urlPathEqualTo(DETAILS)).willReturn(aResponse().withStatus(500)));

    CarrierException e = failure(DELIVERED);

    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertTrue(e.retryable());
  }

  @Test
  void resourceNotAvailableIsUnavailable() {
    ups.stubFor(get(urlPathEqualTo(DETAILS)).willReturn(aResponse().withStatus(503)));

    assertEquals(Kind.UNAVAILABLE, failure(DELIVERED).kind());
  }

  @Test
  void timeoutIsUnavailable() {
    client.close();
    client =
        new UpsClient(
            vertx,
            UpsFixtures.Config.forServer(ups.baseUrl()).withTimeout(Duration.ofMillis(200)),
            UpsFixtures.JSON);
    ups.stubFor(
        get(urlPathEqualTo(DETAILS))
            .willReturn(okJson(UpsFixtures.text("delivered.json")).withFixedDelay(1_000)));

    assertEquals(Kind.UNAVAILABLE, failure(DELIVERED).kind());
  }

  @Test
  void connectionRefusedIsUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    client.close();
    client =
        new UpsClient(
            vertx,
            UpsFixtures.Config.forServer("http://127.0.0.1:" + closedPort),
            UpsFixtures.JSON);

    assertEquals(Kind.UNAVAILABLE, failure(DELIVERED).kind());
  }

  @Test
  void unreadableBodyIsMalformed() {
    ups.stubFor(
        get(urlPathEqualTo(DETAILS)).willReturn(okJson("{\"trackResponse\": {\"shipment\": [")));

    assertEquals(Kind.MALFORMED, failure(DELIVERED).kind());
  }

  @Test
  void tokenAnswerWithoutAccessTokenIsMalformed() {
    ups.stubFor(post(TOKEN).willReturn(okJson("{\"status\":\"approved\"}")));

    assertEquals(Kind.MALFORMED, failure(DELIVERED).kind());
  }

  @Test
  void rejectedRequestIsNotRetryable() {
    ups.stubFor(
        get(urlPathEqualTo(DETAILS))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"response\":{\"errors\":[{\"code\":\"E1\","
                            + "\"message\":\"Invalid request\"}]}}")));

    CarrierException e = failure(DELIVERED);

    assertEquals(Kind.MALFORMED, e.kind());
    assertTrue(e.getMessage().contains("E1"), e.getMessage());
  }
}
