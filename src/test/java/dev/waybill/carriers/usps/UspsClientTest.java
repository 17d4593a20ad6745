package dev.waybill.carriers.usps;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.waybill.carriers.usps.UspsTestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.CarrierException.Kind;
import dev.waybill.carriers.usps.UspsTestSupport.TestConfig;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UspsClientTest {

  private static final String NUMBER = "9400111899223197428490";
  private static final String TOKEN_PATH = "/oauth2/v3/token";
  private static final String TRACKING_PATH = "/tracking/v3/tracking/" + NUMBER;
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static WireMockServer usps;
  private static Vertx vertx;
  private UspsClient client;

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
    client = new UspsClient(vertx, TestConfig.forServer(usps.baseUrl()));
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private static void tokenIssues(String token) {
    usps.stubFor(
        post(urlEqualTo(TOKEN_PATH))
            .willReturn(
                okJson(
                    "{\"access_token\":\""
                        + token
                        + "\",\"token_type\":\"Bearer\",\"issued_at\":1718000000000,"
                        + "\"expires_in\":28799,\"status\":\"approved\",\"scope\":\"tracking\"}")));
  }

  private static void trackingAnswers(int status, String body) {
    usps.stubFor(
        get(urlPathEqualTo(TRACKING_PATH))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  private CarrierException failure() {
    return assertThrows(CarrierException.class, () -> client.track(NUMBER).await().atMost(WAIT));
  }

  @Test
  void tokenIsFetchedOnceAndReusedForLaterCalls() {
    tokenIssues("tok-1");
    trackingAnswers(200, fixture("delivered.json"));

    client.track(NUMBER).await().atMost(WAIT);
    client.track(NUMBER).await().atMost(WAIT);

    usps.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    usps.verify(
        2,
        getRequestedFor(urlEqualTo(TRACKING_PATH + "?expand=DETAIL"))
            .withHeader("Authorization", equalTo("Bearer tok-1")));
  }

  @Test
  void tokenRequestIsAJsonClientCredentialsGrantForTheTrackingScope() {
    tokenIssues("tok-1");
    trackingAnswers(200, fixture("delivered.json"));

    client.track(NUMBER).await().atMost(WAIT);

    usps.verify(
        postRequestedFor(urlEqualTo(TOKEN_PATH))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(matchingJsonPath("$.grant_type", equalTo("client_credentials")))
            .withRequestBody(matchingJsonPath("$.client_id", equalTo("client-id")))
            .withRequestBody(matchingJsonPath("$.client_secret", equalTo("client-secret")))
            .withRequestBody(matchingJsonPath("$.scope", equalTo("tracking"))));
  }

  @Test
  void tokenLifetimeWrittenAsAStringIsAccepted() {
    usps.stubFor(
        post(urlEqualTo(TOKEN_PATH))
            .willReturn(okJson("{\"access_token\":\"tok-s\",\"expires_in\":\"11111\"}")));
    trackingAnswers(200, fixture("delivered.json"));

    client.track(NUMBER).await().atMost(WAIT);
    client.track(NUMBER).await().atMost(WAIT);

    usps.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
  }

  @Test
  void trackingAnswerIsHandedOverWithItsStatus() {
    tokenIssues("tok-1");
    trackingAnswers(200, fixture("delivered.json"));

    UspsClient.Reply reply = client.track(NUMBER).await().atMost(WAIT);

    assertEquals(200, reply.status());
    assertEquals(NUMBER, reply.body().path("trackingNumber").asText());
  }

  @Test
  void unknownNumberErrorIsHandedOverForTheMapper() {
    tokenIssues("tok-1");
    trackingAnswers(400, fixture("not-found.json"));

    UspsClient.Reply reply = client.track(NUMBER).await().atMost(WAIT);

    assertEquals(400, reply.status());
    assertEquals("150002", reply.body().path("error").path("errors").path(0).path("code").asText());
  }

  @Test
  void unauthorizedCallRefreshesTheTokenAndRetriesOnce() {
    usps.stubFor(
        post(urlEqualTo(TOKEN_PATH))
            .inScenario("token")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson("{\"access_token\":\"tok-1\",\"expires_in\":28799}"))
            .willSetStateTo("second"));
    usps.stubFor(
        post(urlEqualTo(TOKEN_PATH))
            .inScenario("token")
            .whenScenarioStateIs("second")
            .willReturn(okJson("{\"access_token\":\"tok-2\",\"expires_in\":28799}")));
    usps.stubFor(
        get(urlPathEqualTo(TRACKING_PATH))
            .withHeader("Authorization", equalTo("Bearer tok-1"))
            .willReturn(aResponse().withStatus(401)));
    usps.stubFor(
        get(urlPathEqualTo(TRACKING_PATH))
            .withHeader("Authorization", equalTo("Bearer tok-2"))
            .willReturn(okJson(fixture("delivered.json"))));

    UspsClient.Reply reply = client.track(NUMBER).await().atMost(WAIT);

    assertEquals(200, reply.status());
    usps.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    usps.verify(2, getRequestedFor(urlPathEqualTo(TRACKING_PATH)));
  }

  @Test
  void unauthorizedAgainAfterRefreshIsAnAuthFailure() {
    tokenIssues("tok-1");
    trackingAnswers(
        401,
        "{\"apiVersion\":\"/tracking/v3\",\"error\":{\"code\":\"401\","
            + "\"message\":\"The client application identifier is invalid.\",\"errors\":[]}}");

    assertEquals(Kind.AUTH, failure().kind());
    usps.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    usps.verify(2, getRequestedFor(urlPathEqualTo(TRACKING_PATH)));
  }

  @Test
  void forbiddenIsAnAuthFailureWithoutRetry() {
    tokenIssues("tok-1");
    trackingAnswers(403, "{\"error\":{\"code\":\"403\",\"message\":\"Forbidden\"}}");

    assertEquals(Kind.AUTH, failure().kind());
    usps.verify(1, getRequestedFor(urlPathEqualTo(TRACKING_PATH)));
  }

  @Test
  void rejectedCredentialsAreAnAuthFailure() {
    usps.stubFor(
        post(urlEqualTo(TOKEN_PATH))
            .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"invalid_client\"}")));

    assertEquals(Kind.AUTH, failure().kind());
    usps.verify(0, getRequestedFor(urlPathEqualTo(TRACKING_PATH)));
  }

  @Test
  void missingCredentialsFailAsAuthWithoutCallingUsps() {
    client.close();
    client =
        new UspsClient(
            vertx,
            TestConfig.forServer(usps.baseUrl())
                .withCredentials(java.util.Optional.empty(), java.util.Optional.of("s")));

    assertEquals(Kind.AUTH, failure().kind());
    usps.verify(0, postRequestedFor(urlEqualTo(TOKEN_PATH)));
  }

  @Test
  void rateLimitedResponseCarriesRetryAfter() {
    tokenIssues("tok-1");
    usps.stubFor(
        get(urlPathEqualTo(TRACKING_PATH))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "30")
                    .withBody("{\"error\":{\"code\":\"429\",\"message\":\"TOO_MANY_REQUESTS\"}}")));

    CarrierException e = failure();

    assertEquals(Kind.RATE_LIMITED, e.kind());
    assertEquals(Duration.ofSeconds(30), e.retryAfter());
    assertEquals(true, e.retryable());
  }

  @Test
  void rateLimitedTokenRequestIsRateLimited() {
    usps.stubFor(
        post(urlEqualTo(TOKEN_PATH))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12")));

    CarrierException e = failure();

    assertEquals(Kind.RATE_LIMITED, e.kind());
    assertEquals(Duration.ofSeconds(12), e.retryAfter());
  }

  @Test
  void serverErrorIsUnavailable() {
    tokenIssues("tok-1");
    trackingAnswers(500, "{\"error\":{\"code\":\"500\",\"message\":\"INTERNAL_SERVER_ERROR\"}}");

    CarrierException e = failure();

    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertNull(e.retryAfter());
  }

  @Test
  void serviceUnavailableKeepsItsRetryAfter() {
    tokenIssues("tok-1");
    usps.stubFor(
        get(urlPathEqualTo(TRACKING_PATH))
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")));

    CarrierException e = failure();

    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertEquals(Duration.ofSeconds(120), e.retryAfter());
  }

  @Test
  void unreadableBodyIsMalformed() {
    tokenIssues("tok-1");
    trackingAnswers(200, "{\"trackingNumber\": \"9400111899223197428490\", \"trackingEv");

    assertEquals(Kind.MALFORMED, failure().kind());
  }

  @Test
  void tokenAnswerWithoutAccessTokenIsMalformed() {
    usps.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(okJson("{\"token_type\":\"Bearer\"}")));

    assertEquals(Kind.MALFORMED, failure().kind());
  }

  @Test
  void slowAnswerTimesOutAsUnavailable() {
    client.close();
    client =
        new UspsClient(
            vertx, TestConfig.forServer(usps.baseUrl()).withTimeout(Duration.ofMillis(200)));
    tokenIssues("tok-1");
    usps.stubFor(
        get(urlPathEqualTo(TRACKING_PATH))
            .willReturn(okJson(fixture("delivered.json")).withFixedDelay(1_000)));

    assertEquals(Kind.UNAVAILABLE, failure().kind());
  }

  @Test
  void refusedConnectionIsUnavailable() {
    client.close();
    client = new UspsClient(vertx, TestConfig.forServer("http://127.0.0.1:1"));

    assertEquals(Kind.UNAVAILABLE, failure().kind());
  }

  @Test
  void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
    Clock clock = Clock.fixed(Instant.parse("2024-06-17T12:00:00Z"), ZoneOffset.UTC);
    UspsClient clocked = new UspsClient(vertx, TestConfig.forServer(usps.baseUrl()), clock);
    try {
      assertEquals(Duration.ofSeconds(45), clocked.retryAfter("45"));
      assertEquals(Duration.ofSeconds(90), clocked.retryAfter("Mon, 17 Jun 2024 12:01:30 GMT"));
      assertEquals(Duration.ZERO, clocked.retryAfter("Mon, 17 Jun 2024 11:00:00 GMT"));
      assertNull(clocked.retryAfter("soon"));
      assertNull(clocked.retryAfter(null));
    } finally {
      clocked.close();
    }
  }
}
