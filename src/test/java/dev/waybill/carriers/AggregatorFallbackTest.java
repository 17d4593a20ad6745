package dev.waybill.carriers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After registration, end to end: a number whose push doesn't come within its status's cadence is
 * polled at its aggregator, and one whose push came is not; what the poll brings goes through the
 * same mapper and timeline as a push; once delivered, tracking is stopped at the aggregator once,
 * through failures; rate limits, bad keys and outages each wait their turn. The aggregators are one
 * WireMock server answering with the recorded fixtures.
 */
@QuarkusTest
@TestProfile(AggregatorFallbackTest.Upstreams.class)
class AggregatorFallbackTest {

  /** The test profile with every aggregator's API on one local server. */
  public static class Upstreams implements QuarkusTestProfile {

    static final int PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
      String base = "http://127.0.0.1:" + PORT;
      return Map.ofEntries(
          Map.entry("waybill.webhooks.easypost.api-base-url", base),
          Map.entry("waybill.webhooks.aftership.api-base-url", base),
          Map.entry("waybill.webhooks.seventeentrack.api-base-url", base),
          // The tests run the cycles themselves.
          Map.entry("waybill.aggregators.interval", "1h"),
          // The production cadence, which the fallback clock follows; prefixed like the test
          // profile's own zero cadence, which it replaces.
          Map.entry("%test.waybill.poller.schedule.out-for-delivery", "15m"),
          Map.entry("%test.waybill.poller.schedule.in-transit", "2h"),
          Map.entry("%test.waybill.poller.schedule.pre-transit", "6h"),
          Map.entry("%test.waybill.poller.schedule.attention", "1h"),
          Map.entry("%test.waybill.poller.schedule.pickup", "4h"),
          Map.entry("%test.waybill.poller.schedule.not-found", "2h"),
          Map.entry("%test.waybill.poller.schedule.failure-backoff", "1m"));
    }

    private static int freePort() {
      for (int i = 0; i < 200; i++) {
        int port = ThreadLocalRandom.current().nextInt(30_000, 40_000);
        try (ServerSocket socket = new ServerSocket(port)) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
      throw new IllegalStateException("no free port for the aggregator test server");
    }
  }

  static final String EASYPOST_KEY = "EZAK0123456789abcdefFALL";
  static final String AFTERSHIP_KEY = "asat_0123456789abcdefFALL";
  static final String SEVENTEEN_KEY = "17TRACKFALLBACKKEY0123456789";
  static final String FIXTURE_NUMBER = "RR123456789DE";
  static final String TRACKINFO = "/track/v2.2/gettrackinfo";
  static final String STOPTRACK = "/track/v2.2/stoptrack";
  static final String AFTERSHIP = "/tracking/2025-01/trackings";

  private static WireMockServer upstream;

  @Inject AggregatorRegistrations registrations;
  @Inject AggregatorFallback fallback;
  @Inject AggregatorStops stops;
  @Inject Pool pool;
  @Inject Clock clock;
  @Inject MeterRegistry metrics;

  @BeforeAll
  static void start() {
    upstream = new WireMockServer(WireMockConfiguration.options().port(Upstreams.PORT));
    upstream.start();
  }

  @AfterAll
  static void stop() {
    upstream.stop();
  }

  @BeforeEach
  void reset() {
    upstream.resetAll();
  }

  // ---- the fallback clock ----

  @Test
  void aNumberIsPolledOnlyOnceNoPushCameWithinItsStatussCadence() {
    TestStore store = account("17track");
    String number = number();
    UUID shipment = registeredAt17Track(store, number);
    assertTrue(
        minutesUntil(pollDue(shipment)) > 30, "the first push is given its status's cadence");
    upstream.stubFor(
        post(urlEqualTo(TRACKINFO))
            .withRequestBody(containing(number))
            .willReturn(json(200, seventeen("gettrackinfo-in-transit.json", number))));

    pollCycle();
    assertEquals(0, calls(TRACKINFO, number), "not due yet: no call");

    makePollDue(shipment);
    pollCycle();

    upstream.verify(
        1,
        postRequestedFor(urlEqualTo(TRACKINFO))
            .withHeader("17token", exactly(SEVENTEEN_KEY))
            .withRequestBody(equalToJson("[{\"number\":\"" + number + "\"}]")));
    assertEquals("IN_TRANSIT", statusOf(shipment));
    long minutes = minutesUntil(pollDue(shipment));
    assertTrue(minutes > 100 && minutes <= 120, "in transit: again in 2h, was " + minutes);
    assertNotNull(registration(shipment).getValue("last_polled_at"));
  }

  @Test
  void aPushResetsTheClockSoTheFallbackDoesNotPoll() {
    TestStore store = account("17track");
    String number = number();
    UUID shipment = registeredAt17Track(store, number);
    makePollDue(shipment);
    upstream.stubFor(
        post(urlEqualTo(TRACKINFO))
            .withRequestBody(containing(number))
            .willReturn(json(200, seventeen("gettrackinfo-in-transit.json", number))));

    String body =
        "{\"event\":\"TRACKING_UPDATED\",\"data\":"
            + seventeenItem("gettrackinfo-in-transit.json", number)
            + "}";
    given()
        .contentType(ContentType.JSON)
        .header("sign", AggregatorUpstreamTest.sign(body, SEVENTEEN_KEY))
        .body(body)
        .post("/webhooks/17track/" + store.slug())
        .then()
        .statusCode(202);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> registration(shipment).getValue("last_push_at") != null);

    assertEquals("IN_TRANSIT", statusOf(shipment));
    assertTrue(minutesUntil(pollDue(shipment)) > 100, "the push set the clock to 2h again");
    pollCycle();
    assertEquals(0, calls(TRACKINFO, number), "a push came in time: no poll");
  }

  // ---- stopping ----

  @Test
  void aDeliveredNumberIsStoppedOnceAndTheStopIsRetriedAfterA5xx() {
    TestStore store = account("17track");
    String number = number();
    UUID shipment = registeredAt17Track(store, number);
    makePollDue(shipment);
    upstream.stubFor(
        post(urlEqualTo(TRACKINFO))
            .withRequestBody(containing(number))
            .willReturn(json(200, seventeen("gettrackinfo-delivered.json", number))));
    pollCycle();
    assertEquals("DELIVERED", statusOf(shipment));
    assertEquals("STOPPING", registration(shipment).getString("stop_state"));
    assertNull(registration(shipment).getValue("poll_due_at"), "a delivered number isn't polled");

    String scenario = "stop-" + UUID.randomUUID();
    upstream.stubFor(
        post(urlEqualTo(STOPTRACK))
            .withRequestBody(containing(number))
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withBody("upstream connect error"))
            .willSetStateTo("up"));
    upstream.stubFor(
        post(urlEqualTo(STOPTRACK))
            .withRequestBody(containing(number))
            .inScenario(scenario)
            .whenScenarioStateIs("up")
            .willReturn(json(200, seventeen("stoptrack-accepted.json", number))));

    stopCycle();
    assertEquals("STOPPING", registration(shipment).getString("stop_state"));
    assertTrue(registration(shipment).getString("last_error").contains("503"));
    stopCycle();
    assertEquals(1, calls(STOPTRACK, number), "a failed stop waits out its backoff");

    makeStopDue(shipment);
    stopCycle();
    assertEquals("STOPPED", registration(shipment).getString("stop_state"));
    assertNotNull(registration(shipment).getValue("stopped_at"));

    makeStopDue(shipment);
    makePollDue(shipment);
    stopCycle();
    pollCycle();
    upstream.verify(
        2,
        postRequestedFor(urlEqualTo(STOPTRACK))
            .withHeader("17token", exactly(SEVENTEEN_KEY))
            .withRequestBody(equalToJson("[{\"number\":\"" + number + "\"}]")));
    assertEquals(1, calls(TRACKINFO, number), "a stopped number is never polled again");
  }

  @Test
  void aNumber17TrackStoppedBeforeCountsAsStopped() {
    TestStore store = account("17track");
    String number = number();
    UUID shipment = registeredAt17Track(store, number);
    makePollDue(shipment);
    upstream.stubFor(
        post(urlEqualTo(TRACKINFO))
            .withRequestBody(containing(number))
            .willReturn(json(200, seventeen("gettrackinfo-delivered.json", number))));
    upstream.stubFor(
        post(urlEqualTo(STOPTRACK))
            .withRequestBody(containing(number))
            .willReturn(json(200, seventeen("stoptrack-already-stopped.json", number))));
    pollCycle();
    stopCycle();
    assertEquals("STOPPED", registration(shipment).getString("stop_state"));
  }

  @Test
  void aDeliveredAfterShipTrackingIsMarkedCompleted() {
    TestStore store = account("aftership");
    String number = "3S" + digits(13);
    String id = "k5lh7dy7vvqeld3vnvn" + digits(5);
    UUID shipment = registeredAtAftership(store, number, id);
    makePollDue(shipment);
    upstream.stubFor(
        get(urlEqualTo(AFTERSHIP + "/" + id))
            .withHeader("as-api-key", exactly(AFTERSHIP_KEY))
            .willReturn(json(200, fixture("aftership/tracking-delivered.json"))));
    upstream.stubFor(
        post(urlEqualTo(AFTERSHIP + "/" + id + "/mark-as-completed"))
            .withHeader("as-api-key", exactly(AFTERSHIP_KEY))
            .withRequestBody(equalToJson("{\"reason\":\"DELIVERED\"}"))
            .willReturn(json(200, fixture("aftership/mark-as-completed.json"))));

    pollCycle();
    assertEquals("DELIVERED", statusOf(shipment));
    stopCycle();
    stopCycle();

    assertEquals("STOPPED", registration(shipment).getString("stop_state"));
    upstream.verify(1, postRequestedFor(urlEqualTo(AFTERSHIP + "/" + id + "/mark-as-completed")));
  }

  @Test
  void easyPostIsPolledByTrackerIdAndHasNothingToStop() {
    TestStore store = account("easypost");
    String number = digits(14);
    String id = "trk_" + digits(16) + "fallback";
    UUID shipment = registeredAtEasypost(store, number, id);
    makePollDue(shipment);
    upstream.stubFor(
        get(urlEqualTo("/v2/trackers/" + id))
            .willReturn(json(200, fixture("easypost/tracker-delivered.json"))));

    pollCycle();
    stopCycle();

    upstream.verify(
        1,
        getRequestedFor(urlEqualTo("/v2/trackers/" + id))
            .withBasicAuth(new BasicCredentials(EASYPOST_KEY, "")));
    assertEquals("DELIVERED", statusOf(shipment));
    assertEquals("UNSUPPORTED", registration(shipment).getString("stop_state"));
    assertEquals(
        1L,
        upstream.getAllServeEvents().stream()
            .filter(e -> e.getRequest().getUrl().startsWith("/v2/trackers/" + id))
            .count());
  }

  // ---- failures ----

  @Test
  void aRateLimitedPollWaitsForRetryAfter() {
    TestStore store = account("aftership");
    String number = "3S" + digits(13);
    String id = "k5lh7dy7vvqeld3vnvn" + digits(5);
    UUID shipment = registeredAtAftership(store, number, id);
    makePollDue(shipment);
    upstream.stubFor(
        get(urlEqualTo(AFTERSHIP + "/" + id))
            .willReturn(
                json(429, fixture("aftership/rate-limited.json"))
                    .withHeader("Retry-After", "600")));

    pollCycle();

    Row r = registration(shipment);
    long seconds = secondsUntil(r.getOffsetDateTime("poll_due_at"));
    assertTrue(seconds >= 590 && seconds <= 600, "due after Retry-After, was " + seconds);
    assertEquals(1, r.getInteger("poll_failures"));
    assertTrue(r.getString("last_error").contains("429"));

    upstream.stubFor(
        get(urlEqualTo(AFTERSHIP + "/" + id))
            .willReturn(json(200, fixture("aftership/tracking-in-transit.json"))));
    pollCycle();
    assertEquals(1, getCalls(AFTERSHIP + "/" + id), "not before Retry-After");
    makePollDue(shipment);
    pollCycle();
    assertEquals("IN_TRANSIT", statusOf(shipment));
    assertEquals(0, registration(shipment).getInteger("poll_failures"));
  }

  @Test
  void notFoundBadKeysOutagesAndGarbageEachWaitTheirTurn() {
    TestStore store = account("easypost");
    String number = digits(14);
    String id = "trk_" + digits(16) + "failures";
    UUID shipment = registeredAtEasypost(store, number, id);
    String before = statusOf(shipment);
    String path = "/v2/trackers/" + id;

    upstream.stubFor(
        get(urlEqualTo(path)).willReturn(json(404, fixture("easypost/tracker-not-found.json"))));
    makePollDue(shipment);
    pollCycle();
    assertEquals(before, statusOf(shipment), "not found changes nothing");
    long notFound = minutesUntil(pollDue(shipment));
    assertTrue(notFound > 100 && notFound <= 120, "not found: again in 2h, was " + notFound);
    assertEquals(0, registration(shipment).getInteger("poll_failures"));

    upstream.stubFor(
        get(urlEqualTo(path)).willReturn(json(401, fixture("easypost/unauthorized.json"))));
    makePollDue(shipment);
    pollCycle();
    long auth = minutesUntil(pollDue(shipment));
    assertTrue(auth > 50 && auth <= 60, "a refused key waits for a new one, was " + auth);
    assertTrue(registration(shipment).getString("last_error").contains("APIKEY.INACTIVE"));

    upstream.stubFor(
        get(urlEqualTo(path))
            .willReturn(aResponse().withStatus(503).withBody("no healthy upstream")));
    makePollDue(shipment);
    pollCycle();
    assertTrue(registration(shipment).getString("last_error").contains("503"));
    assertTrue(minutesUntil(pollDue(shipment)) <= 10, "an outage is retried with backoff");

    upstream.stubFor(
        get(urlEqualTo(path))
            .willReturn(aResponse().withStatus(200).withBody("<html>maintenance</html>")));
    makePollDue(shipment);
    pollCycle();
    Row r = registration(shipment);
    assertTrue(r.getString("last_error").contains("not JSON"), r.getString("last_error"));
    assertEquals(3, r.getInteger("poll_failures"));
    assertEquals(before, statusOf(shipment));
  }

  @Test
  void seventeenTrackExceptionsNotRegisteredAndRefusedKeysAreReadAsDocumented() {
    TestStore store = account("17track");
    String number = number();
    UUID shipment = registeredAt17Track(store, number);

    upstream.stubFor(
        post(urlEqualTo(TRACKINFO))
            .withRequestBody(containing(number))
            .willReturn(json(200, seventeen("gettrackinfo-exception.json", number))));
    makePollDue(shipment);
    pollCycle();
    assertEquals("EXCEPTION", statusOf(shipment));
    long attention = minutesUntil(pollDue(shipment));
    assertTrue(attention > 50 && attention <= 60, "an exception is watched hourly: " + attention);

    upstream.stubFor(
        post(urlEqualTo(TRACKINFO))
            .withRequestBody(containing(number))
            .willReturn(json(200, seventeen("gettrackinfo-not-registered.json", number))));
    makePollDue(shipment);
    pollCycle();
    assertEquals("EXCEPTION", statusOf(shipment), "not registered brings no news");
    assertEquals(0, registration(shipment).getInteger("poll_failures"));

    upstream.stubFor(
        post(urlEqualTo(TRACKINFO))
            .withRequestBody(containing(number))
            .willReturn(json(200, fixture("seventeentrack/unauthorized.json"))));
    makePollDue(shipment);
    pollCycle();
    long auth = minutesUntil(pollDue(shipment));
    assertTrue(auth > 50 && auth <= 60, "a refused key waits for a new one, was " + auth);
    assertTrue(registration(shipment).getString("last_error").contains("-18010002"));
  }

  @Test
  void afterShipNotFoundAndRefusedKeysAreReadAsDocumented() {
    TestStore store = account("aftership");
    String number = "3S" + digits(13);
    String id = "k5lh7dy7vvqeld3vnvn" + digits(5);
    UUID shipment = registeredAtAftership(store, number, id);
    String before = statusOf(shipment);

    upstream.stubFor(
        get(urlEqualTo(AFTERSHIP + "/" + id))
            .willReturn(json(404, fixture("aftership/tracking-not-found.json"))));
    makePollDue(shipment);
    pollCycle();
    assertEquals(before, statusOf(shipment));
    assertEquals(0, registration(shipment).getInteger("poll_failures"));

    upstream.stubFor(
        get(urlEqualTo(AFTERSHIP + "/" + id))
            .willReturn(json(401, fixture("aftership/unauthorized.json"))));
    makePollDue(shipment);
    pollCycle();
    long auth = minutesUntil(pollDue(shipment));
    assertTrue(auth > 50 && auth <= 60, "a refused key waits for a new one, was " + auth);
    assertTrue(registration(shipment).getString("last_error").contains("Invalid API key"));
  }

  @Test
  void anUnknownStatusCodeIsUnknownAndCounted() {
    TestStore store = account("17track");
    String number = number();
    UUID shipment = registeredAt17Track(store, number);
    makePollDue(shipment);
    upstream.stubFor(
        post(urlEqualTo(TRACKINFO))
            .withRequestBody(containing(number))
            .willReturn(json(200, seventeen("gettrackinfo-unknown-code.json", number))));
    double before = unknownCount("dpd");

    pollCycle();

    assertTrue(unknownCount("dpd") >= before + 1, "counted in waybill.carriers.unknown.codes");
    Row code =
        pool.preparedQuery(
                """
                SELECT occurrences FROM unknown_carrier_codes
                WHERE carrier_code = 'dpd' AND code = 'InTransit_Rerouted'""")
            .execute()
            .await()
            .atMost(Duration.ofSeconds(5))
            .iterator()
            .next();
    assertTrue(code.getLong("occurrences") >= 1);
    String status =
        pool.preparedQuery(
                """
                SELECT e.status FROM tracking_events e
                WHERE e.shipment_id = $1 AND e.carrier_code = 'InTransit_Rerouted'""")
            .execute(Tuple.of(shipment))
            .await()
            .atMost(Duration.ofSeconds(5))
            .iterator()
            .next()
            .getString("status");
    assertEquals("UNKNOWN", status);
  }

  // ---- what the admin sees ----

  @Test
  void theAdminSeesTheStoresCountsAndTheLastErrorButNoSecret() {
    TestStore store = account("17track");
    String done = number();
    UUID delivered = registeredAt17Track(store, done);
    makePollDue(delivered);
    upstream.stubFor(
        post(urlEqualTo(TRACKINFO))
            .withRequestBody(containing(done))
            .willReturn(json(200, seventeen("gettrackinfo-delivered.json", done))));
    upstream.stubFor(
        post(urlEqualTo(STOPTRACK))
            .withRequestBody(containing(done))
            .willReturn(json(200, seventeen("stoptrack-accepted.json", done))));
    pollCycle();
    stopCycle();

    String failing = number();
    upstream.stubFor(
        post(urlEqualTo("/track/v2.2/register"))
            .withRequestBody(containing(failing))
            .willReturn(aResponse().withStatus(502).withBody("bad gateway")));
    shipment(store, "dpd", failing);
    registerCycle();

    store
        .storeAdmin()
        .get("/api/v1/admin/stores/" + store.slug() + "/aggregators/17track")
        .then()
        .statusCode(200)
        .body("aggregator", equalTo("17track"))
        .body("apiKeySet", equalTo(true))
        .body("activity.registered", equalTo(1))
        .body("activity.awaitingRegistration", equalTo(1))
        .body("activity.polledLastDay", equalTo(1))
        .body("activity.stopped", equalTo(1))
        .body("activity.failures", equalTo(1))
        .body("activity.lastError", containsString("502"))
        .body(not(containsString(SEVENTEEN_KEY)));
    store
        .storeAdmin()
        .get("/api/v1/admin/stores/" + store.slug() + "/aggregators")
        .then()
        .statusCode(200)
        .body("find { it.aggregator == '17track' }.activity.stopped", equalTo(1))
        .body("find { it.aggregator == 'easypost' }.activity.registered", equalTo(0));
    store
        .storeAdmin()
        .get("/api/v1/admin/stores/" + store.slug() + "/aggregators/shippo")
        .then()
        .statusCode(404);
  }

  // ---- helpers ----

  private TestStore account(String aggregator) {
    TestStore store = TestStores.create();
    Map<String, Object> body =
        switch (aggregator) {
          case "easypost" -> Map.of("apiKey", EASYPOST_KEY, "webhookSecret", "whsec-fallback-0123");
          case "aftership" ->
              Map.of("apiKey", AFTERSHIP_KEY, "webhookSecret", "aftership-fallback-secret");
          default -> Map.of("apiKey", SEVENTEEN_KEY);
        };
    store
        .storeAdmin()
        .body(body)
        .put("/api/v1/admin/stores/" + store.slug() + "/aggregators/" + aggregator)
        .then()
        .statusCode(200);
    return store;
  }

  private UUID registeredAt17Track(TestStore store, String number) {
    upstream.stubFor(
        post(urlEqualTo("/track/v2.2/register"))
            .withRequestBody(containing(number))
            .willReturn(
                json(
                    200,
                    """
                    {"code":0,"data":{"accepted":[{"origin":1,"number":"%s","carrier":100007,"tag":"dpd"}],"rejected":[]}}"""
                        .formatted(number))));
    return registered(shipment(store, "dpd", number));
  }

  private UUID registeredAtAftership(TestStore store, String number, String id) {
    upstream.stubFor(
        post(urlEqualTo(AFTERSHIP))
            .withRequestBody(containing(number))
            .willReturn(
                json(
                    201,
                    """
                    {"meta":{"code":200},"data":{"id":"%s","tracking_number":"%s","slug":"gls","active":true,"tag":"Pending","subtag":"Pending_001","checkpoints":[]}}"""
                        .formatted(id, number))));
    return registered(shipment(store, "gls", number));
  }

  private UUID registeredAtEasypost(TestStore store, String number, String id) {
    upstream.stubFor(
        post(urlEqualTo("/v2/trackers"))
            .withRequestBody(containing(number))
            .willReturn(json(200, AggregatorUpstreamTest.easypostTracker(id))));
    return registered(shipment(store, "dpd", number));
  }

  private UUID registered(UUID shipment) {
    registerCycle();
    assertNotNull(registration(shipment).getValue("registered_at"), "registered");
    return shipment;
  }

  private static UUID shipment(TestStore store, String carrier, String trackingNumber) {
    String number = orderNumber();
    store
        .merchant()
        .body(order(number, "fallback@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    return UUID.fromString(
        store
            .merchant()
            .body(Map.of("carrier", carrier, "trackingNumber", trackingNumber))
            .post("/api/v1/orders/" + number + "/shipments")
            .then()
            .statusCode(201)
            .extract()
            .path("id"));
  }

  private void registerCycle() {
    registrations.cycle().await().atMost(Duration.ofSeconds(30));
  }

  private void pollCycle() {
    fallback.cycle().await().atMost(Duration.ofSeconds(30));
  }

  private void stopCycle() {
    stops.cycle().await().atMost(Duration.ofSeconds(30));
  }

  private Row registration(UUID shipment) {
    var rows =
        pool.preparedQuery(
                """
                SELECT registered_at, poll_due_at, poll_failures, last_polled_at, last_push_at,
                    stop_state, stopped_at, last_error
                FROM aggregator_registrations WHERE shipment_id = $1""")
            .execute(Tuple.of(shipment))
            .await()
            .atMost(Duration.ofSeconds(5));
    assertEquals(1, rows.size(), "a registration for " + shipment);
    return rows.iterator().next();
  }

  private OffsetDateTime pollDue(UUID shipment) {
    OffsetDateTime due = registration(shipment).getOffsetDateTime("poll_due_at");
    assertNotNull(due, "a fallback poll is scheduled");
    return due;
  }

  private void makePollDue(UUID shipment) {
    update(
        "UPDATE aggregator_registrations SET poll_due_at = now() - interval '1 second'"
            + " WHERE shipment_id = $1 AND stop_state IS NULL",
        shipment);
  }

  private void makeStopDue(UUID shipment) {
    update(
        "UPDATE aggregator_registrations SET stop_due_at = now() - interval '1 second'"
            + " WHERE shipment_id = $1 AND stop_state = 'STOPPING'",
        shipment);
  }

  private void update(String sql, UUID shipment) {
    pool.preparedQuery(sql).execute(Tuple.of(shipment)).await().atMost(Duration.ofSeconds(5));
  }

  private long minutesUntil(OffsetDateTime time) {
    return secondsUntil(time) / 60;
  }

  private long secondsUntil(OffsetDateTime time) {
    return Duration.between(clock.instant(), time.toInstant()).toSeconds();
  }

  private String statusOf(UUID shipment) {
    return pool.preparedQuery("SELECT status FROM shipments WHERE id = $1")
        .execute(Tuple.of(shipment))
        .await()
        .atMost(Duration.ofSeconds(5))
        .iterator()
        .next()
        .getString("status");
  }

  private double unknownCount(String carrier) {
    var counter = metrics.find("waybill.carriers.unknown.codes").tag("carrier", carrier).counter();
    return counter == null ? 0 : counter.count();
  }

  private static int calls(String path, String number) {
    return upstream
        .countRequestsMatching(
            postRequestedFor(urlEqualTo(path)).withRequestBody(containing(number)).build())
        .getCount();
  }

  private static int getCalls(String path) {
    return upstream.countRequestsMatching(getRequestedFor(urlEqualTo(path)).build()).getCount();
  }

  /** A 17TRACK fixture, for this test's number. */
  private static String seventeen(String name, String number) {
    return fixture("seventeentrack/" + name).replace(FIXTURE_NUMBER, number);
  }

  /** The accepted item of a gettrackinfo fixture, which is what a push carries as its data. */
  private static String seventeenItem(String name, String number) {
    try {
      var json = new com.fasterxml.jackson.databind.ObjectMapper();
      return json.writeValueAsString(json.readTree(seventeen(name, number)).at("/data/accepted/0"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fixture(String name) {
    try (InputStream in = AggregatorFallbackTest.class.getResourceAsStream("/carriers/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static StringValuePattern containing(String s) {
    return com.github.tomakehurst.wiremock.client.WireMock.containing(s);
  }

  private static StringValuePattern exactly(String s) {
    return com.github.tomakehurst.wiremock.client.WireMock.equalTo(s);
  }

  private static String number() {
    return "RR" + digits(9) + "DE";
  }

  private static String digits(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(ThreadLocalRandom.current().nextInt(10));
    }
    return b.toString();
  }
}
