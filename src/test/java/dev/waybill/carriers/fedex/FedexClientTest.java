package dev.waybill.carriers.fedex;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.waybill.carriers.fedex.FedexTestSupport.TOKEN;
import static dev.waybill.carriers.fedex.FedexTestSupport.fixture;
import static dev.waybill.carriers.fedex.FedexTestSupport.stubToken;
import static dev.waybill.carriers.fedex.FedexTestSupport.stubTrack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.waybill.carriers.fedex.FedexTestSupport.TestConfig;
import dev.waybill.carriers.spi.CarrierException;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FedexClientTest {

  static final String TRACK = FedexClient.TRACK_PATH;
  static final String OAUTH = FedexClient.TOKEN_PATH;

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

  private FedexClient client() {
    return new FedexClient(vertx, TestConfig.of(fedex.baseUrl()));
  }

  private static JsonNode await(FedexClient client, List<String> numbers) {
    return client.track(numbers).await().atMost(Duration.ofSeconds(5));
  }

  private static CarrierException failure(FedexClient client) {
    return assertThrows(
        CarrierException.class,
        () -> client.track(List.of("122816215025810")).await().atMost(Duration.ofSeconds(5)));
  }

  @Test
  void tokenIsFetchedOnceAndReused() {
    stubToken(fedex);
    stubTrack(fedex, 200, fixture("delivered.json"));
    FedexClient client = client();

    await(client, List.of("122816215025810"));
    await(client, List.of("122816215025810"));

    fedex.verify(1, postRequestedFor(urlEqualTo(OAUTH)));
    fedex.verify(
        2,
        postRequestedFor(urlEqualTo(TRACK))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void tokenRequestIsTheDocumentedClientCredentialsForm() {
    stubToken(fedex);
    stubTrack(fedex, 200, fixture("delivered.json"));

    await(client(), List.of("122816215025810"));

    fedex.verify(
        postRequestedFor(urlEqualTo(OAUTH))
            .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
            .withFormParam("grant_type", equalTo("client_credentials"))
            .withFormParam("client_id", equalTo("l7xx-test-client"))
            .withFormParam("client_secret", equalTo("test-secret")));
  }

  @Test
  void batchRequestCarriesEveryNumberWithDetailedScans() {
    stubToken(fedex);
    stubTrack(fedex, 200, fixture("batch.json"));

    JsonNode answer =
        await(client(), List.of("122816215025810", "920241085725456", "852426136339213"));

    assertEquals(4, answer.path("output").path("completeTrackResults").size());
    fedex.verify(
        1,
        postRequestedFor(urlEqualTo(TRACK))
            .withHeader("Content-Type", containing("application/json"))
            .withHeader("X-locale", equalTo("en_US"))
            .withHeader("x-customer-transaction-id", matching("[0-9a-f-]{36}"))
            .withRequestBody(
                equalToJson(
                    """
                    {"includeDetailedScans": true, "trackingInfo": [
                      {"trackingNumberInfo": {"trackingNumber": "122816215025810"}},
                      {"trackingNumberInfo": {"trackingNumber": "920241085725456"}},
                      {"trackingNumberInfo": {"trackingNumber": "852426136339213"}}]}
                    """)));
  }

  @Test
  void rejectedTokenIsRefreshedAndTheCallMadeOnceMore() {
    fedex.stubFor(
        post(urlEqualTo(OAUTH))
            .inScenario("tokens")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"access_token\": \"revoked\", \"expires_in\": 3600}"))
            .willSetStateTo("refreshed"));
    fedex.stubFor(
        post(urlEqualTo(OAUTH))
            .inScenario("tokens")
            .whenScenarioStateIs("refreshed")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("token.json"))));
    fedex.stubFor(
        post(urlEqualTo(TRACK))
            .withHeader("Authorization", equalTo("Bearer revoked"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"errors\": [{\"code\": \"NOT.AUTHORIZED.ERROR\","
                            + " \"message\": \"Access token expired.\"}]}")));
    fedex.stubFor(
        post(urlEqualTo(TRACK))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .willReturn(aResponse().withStatus(200).withBody(fixture("delivered.json"))));

    JsonNode answer = await(client(), List.of("122816215025810"));

    assertEquals(1, answer.path("output").path("completeTrackResults").size());
    fedex.verify(2, postRequestedFor(urlEqualTo(OAUTH)));
    fedex.verify(2, postRequestedFor(urlEqualTo(TRACK)));
  }

  @Test
  void unauthorizedAfterRefreshIsAuth() {
    stubToken(fedex);
    stubTrack(fedex, 401, "{\"errors\": [{\"code\": \"NOT.AUTHORIZED.ERROR\"}]}");

    CarrierException e = failure(client());

    assertEquals(CarrierException.Kind.AUTH, e.kind());
    fedex.verify(2, postRequestedFor(urlEqualTo(OAUTH)));
    fedex.verify(2, postRequestedFor(urlEqualTo(TRACK)));
  }

  @Test
  void forbiddenIsAuthWithoutRetry() {
    stubToken(fedex);
    stubTrack(fedex, 403, "{\"errors\": [{\"code\": \"FORBIDDEN.ERROR\"}]}");

    CarrierException e = failure(client());

    assertEquals(CarrierException.Kind.AUTH, e.kind());
    fedex.verify(1, postRequestedFor(urlEqualTo(TRACK)));
  }

  @Test
  void rejectedCredentialsAreAuth() {
    fedex.stubFor(
        post(urlEqualTo(OAUTH))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"errors\": [{\"code\": \"NOT.AUTHORIZED.ERROR\"}]}")));

    CarrierException e = failure(client());

    assertEquals(CarrierException.Kind.AUTH, e.kind());
    fedex.verify(0, postRequestedFor(urlEqualTo(TRACK)));
  }

  @Test
  void rateLimitedResponseCarriesRetryAfter() {
    stubToken(fedex);
    fedex.stubFor(
        post(urlEqualTo(TRACK))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "120")
                    .withBody(
                        "{\"errors\": [{\"code\": \"TOO.MANY.REQUESTS\","
                            + " \"message\": \"We have received too many requests\"}]}")));

    CarrierException e = failure(client());

    assertEquals(CarrierException.Kind.RATE_LIMITED, e.kind());
    assertEquals(Duration.ofSeconds(120), e.retryAfter());
  }

  @Test
  void rateLimitedWithoutRetryAfterLeavesTheWaitToThePoller() {
    stubToken(fedex);
    stubTrack(fedex, 429, "");

    CarrierException e = failure(client());

    assertEquals(CarrierException.Kind.RATE_LIMITED, e.kind());
    assertNull(e.retryAfter());
  }

  @Test
  void retryAfterAlsoReadsHttpDates() {
    assertEquals(Duration.ZERO, FedexClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
    assertNull(FedexClient.retryAfter("soon"));
  }

  @Test
  void serverErrorIsUnavailable() {
    stubToken(fedex);
    stubTrack(fedex, 500, "{\"errors\": [{\"code\": \"INTERNAL.SERVER.ERROR\"}]}");

    CarrierException e = failure(client());

    assertEquals(CarrierException.Kind.UNAVAILABLE, e.kind());
    assertEquals(true, e.retryable());
  }

  @Test
  void serviceUnavailableIsUnavailable() {
    stubToken(fedex);
    stubTrack(fedex, 503, "{\"errors\": [{\"code\": \"SERVICE.UNAVAILABLE.ERROR\"}]}");

    assertEquals(CarrierException.Kind.UNAVAILABLE, failure(client()).kind());
  }

  @Test
  void tokenServerErrorIsUnavailable() {
    fedex.stubFor(post(urlEqualTo(OAUTH)).willReturn(aResponse().withStatus(503)));

    assertEquals(CarrierException.Kind.UNAVAILABLE, failure(client()).kind());
  }

  @Test
  void timeoutIsUnavailable() {
    stubToken(fedex);
    fedex.stubFor(
        post(urlEqualTo(TRACK))
            .willReturn(aResponse().withFixedDelay(1500).withBody(fixture("delivered.json"))));
    TestConfig quick = TestConfig.of(fedex.baseUrl()).withTimeout(Duration.ofMillis(200));

    CarrierException e = failure(new FedexClient(vertx, quick));

    assertEquals(CarrierException.Kind.UNAVAILABLE, e.kind());
  }

  @Test
  void droppedConnectionIsUnavailable() {
    stubToken(fedex);
    fedex.stubFor(
        post(urlEqualTo(TRACK)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertEquals(CarrierException.Kind.UNAVAILABLE, failure(client()).kind());
  }

  @Test
  void unreadableBodyIsMalformed() {
    stubToken(fedex);
    stubTrack(fedex, 200, "<html><body>Service maintenance</body></html>");

    assertEquals(CarrierException.Kind.MALFORMED, failure(client()).kind());
  }

  @Test
  void tokenAnswerWithoutAccessTokenIsMalformed() {
    fedex.stubFor(
        post(urlEqualTo(OAUTH))
            .willReturn(
                aResponse().withBody("{\"token_type\": \"bearer\", \"expires_in\": 3600}")));

    assertEquals(CarrierException.Kind.MALFORMED, failure(client()).kind());
  }

  @Test
  void badRequestIsNotRetriedAsUnavailable() {
    stubToken(fedex);
    stubTrack(fedex, 400, "{\"errors\": [{\"code\": \"TRACKING.TRACKINGNUMBER.EMPTY\"}]}");

    CarrierException e = failure(client());

    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
    assertEquals(false, e.retryable());
  }
}
