package dev.waybill.carriers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Aggregators as upstream, end to end: a store sets its own account, its shipments of a carrier
 * without a direct adapter are registered there once (retried through failures), and the
 * aggregator's pushes to the store's own endpoint move only that store's shipments. The three
 * aggregators are one WireMock server answering as their documentation shows.
 */
@QuarkusTest
@TestProfile(AggregatorUpstreamTest.Upstreams.class)
class AggregatorUpstreamTest {

  /** The test profile with every aggregator's API on one local server. */
  public static class Upstreams implements QuarkusTestProfile {

    static final int PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
      String base = "http://127.0.0.1:" + PORT;
      return Map.of(
          "waybill.webhooks.easypost.api-base-url", base,
          "waybill.webhooks.aftership.api-base-url", base,
          "waybill.webhooks.seventeentrack.api-base-url", base,
          // The tests run the cycles themselves.
          "waybill.aggregators.interval", "1h");
    }

    private static int freePort() {
      for (int i = 0; i < 200; i++) {
        int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
        try (ServerSocket socket = new ServerSocket(port)) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
      throw new IllegalStateException("no free port for the aggregator test server");
    }
  }

  static final String EASYPOST_KEY = "EZAK0123456789abcdefTEST";
  static final String AFTERSHIP_KEY = "asat_0123456789abcdef0123";
  static final String SEVENTEEN_KEY = "17TRACKSECURITYKEY0123456789";

  private static WireMockServer upstream;

  @Inject AggregatorRegistrations registrations;
  @Inject Pool pool;
  @Inject Clock clock;

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

  // ---- accounts ----

  @Test
  void anAccountIsStoredSealedAndOnlyItsHintIsEverShown() {
    TestStore store = TestStores.create();
    String body =
        store
            .storeAdmin()
            .body(Map.of("apiKey", EASYPOST_KEY, "webhookSecret", "whsec-easypost-0123456789"))
            .put("/api/v1/admin/stores/" + store.slug() + "/aggregators/easypost")
            .then()
            .statusCode(200)
            .body("aggregator", equalTo("easypost"))
            .body("apiKeySet", equalTo(true))
            .body("apiKeyHint", equalTo("…TEST"))
            .body("webhookSecretSet", equalTo(true))
            .body("webhookPath", equalTo("/webhooks/easypost/" + store.slug()))
            .extract()
            .asString();
    assertFalse(body.contains(EASYPOST_KEY) || body.contains("whsec-easypost"));

    store
        .storeAdmin()
        .get("/api/v1/admin/stores/" + store.slug() + "/aggregators")
        .then()
        .statusCode(200)
        .body("size()", equalTo(3))
        .body("find { it.aggregator == 'easypost' }.apiKeySet", equalTo(true))
        .body("find { it.aggregator == 'aftership' }.apiKeySet", equalTo(false))
        .body("find { it.aggregator == '17track' }.webhookSecretNeeded", equalTo(false))
        .body(not(containsString(EASYPOST_KEY)));

    Row row =
        pool.preparedQuery(
                """
                SELECT api_key, webhook_secret FROM store_aggregators sa
                JOIN stores s ON s.id = sa.store_id WHERE s.slug = $1""")
            .execute(Tuple.of(store.slug()))
            .await()
            .atMost(Duration.ofSeconds(5))
            .iterator()
            .next();
    assertTrue(row.getString("api_key").startsWith("wb1."));
    assertFalse(row.getString("api_key").contains(EASYPOST_KEY));
    assertFalse(row.getString("webhook_secret").contains("whsec-easypost"));

    store
        .storeAdmin()
        .delete("/api/v1/admin/stores/" + store.slug() + "/aggregators/easypost")
        .then()
        .statusCode(204);
    store
        .storeAdmin()
        .delete("/api/v1/admin/stores/" + store.slug() + "/aggregators/easypost")
        .then()
        .statusCode(404);
  }

  @Test
  void badAccountsAreRefusedNamingTheField() {
    TestStore store = TestStores.create();
    String path = "/api/v1/admin/stores/" + store.slug() + "/aggregators/";
    store
        .storeAdmin()
        .body(Map.of("apiKey", AFTERSHIP_KEY))
        .put(path + "aftership")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body(containsString("webhookSecret"));
    store
        .storeAdmin()
        .body(Map.of("apiKey", SEVENTEEN_KEY, "webhookSecret", "not-used-by-17track"))
        .put(path + "17track")
        .then()
        .statusCode(400)
        .body(containsString("webhookSecret"));
    store.storeAdmin().body(Map.of("apiKey", " ")).put(path + "17track").then().statusCode(400);
    store
        .storeAdmin()
        .body(Map.of("apiKey", SEVENTEEN_KEY))
        .put(path + "shippo")
        .then()
        .statusCode(404);
  }

  @Test
  void aStoreCannotSeeOrSetAnotherStoresAccounts() {
    TestStore mine = TestStores.create();
    TestStore theirs = TestStores.create();
    setAccount(theirs, "17track", SEVENTEEN_KEY, null);
    mine.storeAdmin()
        .get("/api/v1/admin/stores/" + theirs.slug() + "/aggregators")
        .then()
        .statusCode(404);
    mine.storeAdmin()
        .body(Map.of("apiKey", "stolen-key-0123456789"))
        .put("/api/v1/admin/stores/" + theirs.slug() + "/aggregators/17track")
        .then()
        .statusCode(404);
    mine.storeAdmin()
        .delete("/api/v1/admin/stores/" + theirs.slug() + "/aggregators/17track")
        .then()
        .statusCode(404);
    mine.merchant()
        .get("/api/v1/admin/stores/" + mine.slug() + "/aggregators")
        .then()
        .statusCode(403);
  }

  // ---- registration ----

  @Test
  void aDpdParcelIsRegisteredAtEasypostOnceWithTheStoresKey() {
    TestStore store = TestStores.create();
    setAccount(store, "easypost", EASYPOST_KEY, "whsec-easypost-0123456789");
    upstream.stubFor(
        post(urlEqualTo("/v2/trackers"))
            .willReturn(json(200, easypostTracker("trk_c8e0edb5bb284caa934a0d3db23a148z"))));
    String number = "01234567890123";
    UUID shipment = shipment(store, "dpd", number);

    cycle();
    cycle();

    upstream.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/trackers"))
            .withBasicAuth(
                new com.github.tomakehurst.wiremock.client.BasicCredentials(EASYPOST_KEY, ""))
            .withRequestBody(
                equalToJson(
                    "{\"tracker\":{\"tracking_code\":\"" + number + "\",\"carrier\":\"DPD\"}}")));
    Row r = registration(shipment);
    assertNotNull(r.getValue("registered_at"));
    assertEquals("trk_c8e0edb5bb284caa934a0d3db23a148z", r.getString("external_id"));
    assertEquals("dpd", carrierOf(shipment), "the carrier stays the real carrier");
  }

  @Test
  void registrationIsRetriedThroughOutagesAndMadeExactlyOnce() {
    TestStore store = TestStores.create();
    setAccount(store, "easypost", EASYPOST_KEY, "whsec-easypost-0123456789");
    String scenario = "outage-" + UUID.randomUUID();
    upstream.stubFor(
        post(urlEqualTo("/v2/trackers"))
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withBody("upstream connect error"))
            .willSetStateTo("malformed"));
    upstream.stubFor(
        post(urlEqualTo("/v2/trackers"))
            .inScenario(scenario)
            .whenScenarioStateIs("malformed")
            .willReturn(aResponse().withStatus(200).withBody("<html>gateway</html>"))
            .willSetStateTo("up"));
    upstream.stubFor(
        post(urlEqualTo("/v2/trackers"))
            .inScenario(scenario)
            .whenScenarioStateIs("up")
            .willReturn(json(200, easypostTracker("trk_retried0000000000000000000001"))));
    String number = "AB" + digits(9) + "GB";
    UUID shipment = shipment(store, "royal-mail", number);

    cycle();
    Row failed = registration(shipment);
    assertNull(failed.getValue("registered_at"));
    assertTrue(failed.getString("last_error").contains("503"));
    cycle();
    assertEquals(1, trackerCalls(number), "a failed registration waits out its backoff");

    makeDue(shipment);
    cycle();
    assertTrue(registration(shipment).getString("last_error").contains("not JSON"));
    makeDue(shipment);
    cycle();
    makeDue(shipment);
    cycle();

    Row done = registration(shipment);
    assertNotNull(done.getValue("registered_at"));
    assertEquals(3, done.getInteger("attempts"));
    assertEquals(3, trackerCalls(number));
  }

  @Test
  void aRateLimitWaitsForRetryAfterAndBadCredentialsWaitForANewKey() {
    TestStore limited = TestStores.create();
    setAccount(limited, "aftership", AFTERSHIP_KEY, "aftership-webhook-secret-0123");
    upstream.stubFor(
        post(urlEqualTo("/tracking/2025-01/trackings"))
            .withHeader("as-api-key", header(AFTERSHIP_KEY))
            .willReturn(
                json(
                        429,
                        """
                        {"meta":{"code":429,"type":"TooManyRequests","message":"You have exceeded the API call rate limit. The default limit is 10 requests per second."},"data":{}}""")
                    .withHeader("Retry-After", "120")));
    UUID slowed = shipment(limited, "gls", "GLS" + digits(11));
    cycle();
    assertTrue(secondsUntilDue(slowed) >= 115, "due after Retry-After: " + secondsUntilDue(slowed));

    TestStore wrongKey = TestStores.create();
    setAccount(wrongKey, "aftership", "asat_wrongwrongwrongwrong", "aftership-webhook-secret-0123");
    upstream.stubFor(
        post(urlEqualTo("/tracking/2025-01/trackings"))
            .withHeader("as-api-key", header("asat_wrongwrongwrongwrong"))
            .willReturn(
                json(
                    401,
                    """
                    {"meta":{"code":401,"type":"Unauthorized","message":"Invalid API key."},"data":{}}""")));
    UUID refused = shipment(wrongKey, "postnl", "3S" + digits(13));
    cycle();
    assertTrue(secondsUntilDue(refused) > 3000, "an auth failure waits for a new key");

    // A new key makes the registration due at once.
    upstream.stubFor(
        post(urlEqualTo("/tracking/2025-01/trackings"))
            .withHeader("as-api-key", header(AFTERSHIP_KEY))
            .willReturn(json(201, aftershipCreated("postnl"))));
    setAccount(wrongKey, "aftership", AFTERSHIP_KEY, "aftership-webhook-secret-0123");
    cycle();
    assertNotNull(registration(refused).getValue("registered_at"));
  }

  @Test
  void aTrackingAfterShipAlreadyHasIsRegisteredAndAnInvalidOneIsGivenUp() {
    TestStore store = TestStores.create();
    setAccount(store, "aftership", AFTERSHIP_KEY, "aftership-webhook-secret-0123");
    String existing = "3S" + digits(13);
    String invalid = "3S" + digits(13);
    upstream.stubFor(
        post(urlEqualTo("/tracking/2025-01/trackings"))
            .withRequestBody(containing(existing))
            .willReturn(
                json(
                    400,
                    """
                    {"meta":{"code":4003,"type":"BadRequest","message":"Tracking already exists."},"data":{"tracking":{"id":"5b74f4958776db0e00b6f5ed","slug":"postnl","tracking_number":"%s"}}}"""
                        .formatted(existing))));
    upstream.stubFor(
        post(urlEqualTo("/tracking/2025-01/trackings"))
            .withRequestBody(containing(invalid))
            .willReturn(
                json(
                    400,
                    """
                    {"meta":{"code":4005,"type":"BadRequest","message":"The value of `tracking_number` is invalid."},"data":{}}""")));
    UUID a = shipment(store, "postnl", existing);
    UUID b = shipment(store, "postnl", invalid);

    cycle();

    assertEquals("5b74f4958776db0e00b6f5ed", registration(a).getString("external_id"));
    assertNotNull(registration(a).getValue("registered_at"));
    assertNotNull(registration(b).getValue("gave_up_at"));
    assertTrue(registration(b).getString("last_error").contains("4005"));
  }

  @Test
  void seventeenTrackRegistersABatchInOneCallAndAlreadyRegisteredCounts() {
    TestStore store = TestStores.create();
    setAccount(store, "17track", SEVENTEEN_KEY, null);
    String fresh = "RR" + digits(9) + "DE";
    String known = "RR" + digits(9) + "DE";
    String unknown = "ZZ" + digits(9) + "XX";
    upstream.stubFor(
        post(urlEqualTo("/track/v2.2/register"))
            .withHeader("17token", header(SEVENTEEN_KEY))
            .willReturn(
                json(
                    200,
                    """
                    {"code":0,"data":{"accepted":[{"origin":1,"number":"%s","carrier":100007,"tag":"dpd"}],"rejected":[{"number":"%s","tag":"dpd","error":{"code":-18019901,"message":"The tracking number '%s' has been registered, don't need to repeat registration."}},{"number":"%s","tag":"dpd","error":{"code":-18019903,"message":"The carrier cannot be detected."}}]}}"""
                        .formatted(fresh, known, known, unknown))));
    UUID a = shipment(store, "dpd", fresh);
    UUID b = shipment(store, "dpd", known);
    UUID c = shipment(store, "dpd", unknown);

    cycle();

    // Other tests' stores register too; this store's three numbers went in one call.
    upstream.verify(
        1,
        postRequestedFor(urlEqualTo("/track/v2.2/register"))
            .withRequestBody(containing(fresh))
            .withRequestBody(containing(known))
            .withRequestBody(containing(unknown))
            .withRequestBody(containing("\"tag\":\"dpd\"")));
    assertNotNull(registration(a).getValue("registered_at"));
    assertNotNull(registration(b).getValue("registered_at"));
    assertNotNull(registration(c).getValue("gave_up_at"));
  }

  @Test
  void shipmentsOfADirectCarrierOrAStoreWithoutAccountAreNotRegistered() {
    TestStore with = TestStores.create();
    setAccount(with, "17track", SEVENTEEN_KEY, null);
    TestStore without = TestStores.create();
    UUID sim = shipment(with, "waybill-sim", "SIM-ONTIME-" + digits(8));
    UUID noAccount = shipment(without, "dpd", digits(14));

    cycle();

    assertNull(registrationOrNull(sim));
    assertNull(registrationOrNull(noAccount));
    upstream.verify(
        0,
        postRequestedFor(urlEqualTo("/track/v2.2/register"))
            .withRequestBody(containing("SIM-ONTIME-")));
  }

  // ---- pushes ----

  @Test
  void aSeventeenTrackPushToTheStoresEndpointMovesOnlyThatStoresParcel() {
    TestStore mine = TestStores.create();
    TestStore theirs = TestStores.create();
    setAccount(mine, "17track", SEVENTEEN_KEY, null);
    setAccount(theirs, "17track", "ANOTHERSTORESKEY0123456789", null);
    String number = "RR" + digits(9) + "DE";
    UUID myParcel = shipment(mine, "dpd", number);
    UUID theirParcel = shipment(theirs, "dpd", number);
    String theirsBefore = statusOf(theirParcel);
    String body = seventeenTrackDelivered(number);

    given()
        .contentType(ContentType.JSON)
        .header("sign", sign(body, "ANOTHERSTORESKEY0123456789"))
        .body(body)
        .post("/webhooks/17track/" + mine.slug())
        .then()
        .statusCode(401);
    given()
        .contentType(ContentType.JSON)
        .header("sign", sign(body, SEVENTEEN_KEY))
        .body(body)
        .post("/webhooks/17track/" + mine.slug())
        .then()
        .statusCode(202);

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "DELIVERED".equals(statusOf(myParcel)));
    assertEquals(theirsBefore, statusOf(theirParcel), "another store's parcel is untouched");
  }

  @Test
  void aPushToAStoreWithoutThatAccountIsRefused() {
    TestStore store = TestStores.create();
    String body = seventeenTrackDelivered("RR" + digits(9) + "DE");
    given()
        .contentType(ContentType.JSON)
        .header("sign", sign(body, SEVENTEEN_KEY))
        .body(body)
        .post("/webhooks/17track/" + store.slug())
        .then()
        .statusCode(401)
        .body("detail", not(nullValue()));
  }

  // ---- helpers ----

  private void cycle() {
    registrations.cycle().await().atMost(Duration.ofSeconds(30));
  }

  private static void setAccount(TestStore store, String name, String key, String secret) {
    Map<String, Object> body =
        secret == null ? Map.of("apiKey", key) : Map.of("apiKey", key, "webhookSecret", secret);
    store
        .storeAdmin()
        .body(body)
        .put("/api/v1/admin/stores/" + store.slug() + "/aggregators/" + name)
        .then()
        .statusCode(200);
  }

  private static UUID shipment(TestStore store, String carrier, String trackingNumber) {
    String number = orderNumber();
    store
        .merchant()
        .body(order(number, "upstream@example.com", "10115"))
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

  private Row registration(UUID shipment) {
    Row r = registrationOrNull(shipment);
    assertNotNull(r, "a registration for " + shipment);
    return r;
  }

  private Row registrationOrNull(UUID shipment) {
    var rows =
        pool.preparedQuery(
                """
                SELECT external_id, registered_at, gave_up_at, last_error, attempts, due_at
                FROM aggregator_registrations WHERE shipment_id = $1""")
            .execute(Tuple.of(shipment))
            .await()
            .atMost(Duration.ofSeconds(5));
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  private void makeDue(UUID shipment) {
    pool.preparedQuery("UPDATE aggregator_registrations SET due_at = NULL WHERE shipment_id = $1")
        .execute(Tuple.of(shipment))
        .await()
        .atMost(Duration.ofSeconds(5));
  }

  private long secondsUntilDue(UUID shipment) {
    return Duration.between(
            clock.instant(), registration(shipment).getOffsetDateTime("due_at").toInstant())
        .toSeconds();
  }

  private String statusOf(UUID shipment) {
    return column(shipment, "status");
  }

  private String carrierOf(UUID shipment) {
    return column(shipment, "carrier_code");
  }

  private String column(UUID shipment, String column) {
    return pool.preparedQuery("SELECT " + column + " AS v FROM shipments WHERE id = $1")
        .execute(Tuple.of(shipment))
        .await()
        .atMost(Duration.ofSeconds(5))
        .iterator()
        .next()
        .getString("v");
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static com.github.tomakehurst.wiremock.matching.StringValuePattern containing(String s) {
    return com.github.tomakehurst.wiremock.client.WireMock.containing(s);
  }

  private static com.github.tomakehurst.wiremock.matching.StringValuePattern header(String s) {
    return com.github.tomakehurst.wiremock.client.WireMock.equalTo(s);
  }

  private static int trackerCalls(String number) {
    return upstream
        .countRequestsMatching(
            postRequestedFor(urlEqualTo("/v2/trackers"))
                .withRequestBody(containing(number))
                .build())
        .getCount();
  }

  private static String digits(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(ThreadLocalRandom.current().nextInt(10));
    }
    return b.toString();
  }

  /** A Tracker as EasyPost's "Create a Tracker" example returns it. */
  static String easypostTracker(String id) {
    return """
        {"id":"%s","object":"Tracker","mode":"production","tracking_code":"01234567890123","status":"pre_transit","status_detail":"status_update","created_at":"2024-08-02T19:26:52Z","updated_at":"2024-08-02T19:26:52Z","signed_by":null,"weight":null,"est_delivery_date":null,"shipment_id":null,"carrier":"DPD","tracking_details":[],"fees":[],"carrier_detail":null,"public_url":"https://track.easypost.com/djE6dHJrXzEyMw"}"""
        .formatted(id);
  }

  /** AfterShip's "Create a tracking" answer (2025-01). */
  static String aftershipCreated(String slug) {
    return """
        {"meta":{"code":200},"data":{"id":"k5lh7dy7vvqeld3vnvnva01d","tracking_number":"3SABCD1234567","slug":"%s","active":true,"tag":"Pending","subtag":"Pending_001","checkpoints":[]}}"""
        .formatted(slug);
  }

  /** A TRACKING_UPDATED push as 17TRACK's webhook documentation shows it, delivered. */
  static String seventeenTrackDelivered(String number) {
    return """
        {"event":"TRACKING_UPDATED","data":{"number":"%s","carrier":100007,"param":null,"tag":"dpd","track_info":{"shipping_info":{"shipper_address":{"country":"DE"},"recipient_address":{"country":"DE"}},"latest_status":{"status":"Delivered","sub_status":"Delivered_Other","sub_status_descr":null},"latest_event":{"time_iso":"2026-12-05T11:37:00+01:00","time_utc":"2026-12-05T10:37:00Z","description":"Delivered","location":"Berlin","stage":"Delivered","sub_status":"Delivered_Other"},"time_metrics":{"days_after_order":2,"days_of_transit":2,"estimated_delivery_date":{"source":null,"from":null,"to":null}},"tracking":{"providers_hash":-1234567,"providers":[{"provider":{"key":100007,"name":"DPD (DE)","alias":"DPD","tel":null,"homepage":"https://www.dpd.com/de/","country":"DE"},"service_type":null,"latest_sync_status":"Success","latest_sync_time":"2026-12-05T10:40:00Z","events_hash":987654,"events":[{"time_iso":"2026-12-05T11:37:00+01:00","time_utc":"2026-12-05T10:37:00Z","time_raw":{"date":"2026-12-05","time":"11:37","timezone":null},"description":"Delivered","description_translation":null,"location":"Berlin","stage":"Delivered","sub_status":"Delivered_Other","address":{"country":"DE","state":null,"city":"Berlin","street":null,"postal_code":"10115","coordinates":{"longitude":null,"latitude":null}}},{"time_iso":"2026-12-04T08:02:00+01:00","time_utc":"2026-12-04T07:02:00Z","time_raw":{"date":"2026-12-04","time":"08:02","timezone":null},"description":"Parcel handed to DPD","description_translation":null,"location":"Hamburg","stage":"PickedUp","sub_status":"InTransit_PickedUp","address":{"country":"DE","state":null,"city":"Hamburg","street":null,"postal_code":null,"coordinates":{"longitude":null,"latitude":null}}}]}]}}}}"""
        .formatted(number);
  }

  /** 17TRACK's sign: SHA-256 of event, "/", the data JSON as sent, "/", the key. */
  static String sign(String body, String key) {
    int start = body.indexOf("\"data\":") + "\"data\":".length();
    String data = body.substring(start, body.length() - 1);
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(
                      ("TRACKING_UPDATED/" + data + "/" + key).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
