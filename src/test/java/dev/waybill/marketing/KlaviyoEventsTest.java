package dev.waybill.marketing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.waybill.notifications.OutboxFanout;
import dev.waybill.orders.ShipmentFlags;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Klaviyo events end to end: a store opts in through the admin API, its parcels move through the
 * merchant API, and Klaviyo (a WireMock server answering as the Events API documents: 202 with no
 * body, JSON:API errors, 429 with Retry-After) receives one event per milestone.
 */
@QuarkusTest
@TestProfile(KlaviyoEventsTest.StandIn.class)
class KlaviyoEventsTest {

  /** Klaviyo's API on a local server. */
  public static class StandIn implements QuarkusTestProfile {

    static final int PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "waybill.marketing.klaviyo.base-url",
          "http://127.0.0.1:" + PORT,
          // The tests run the cycles themselves.
          "waybill.marketing.klaviyo.interval",
          "1h",
          "waybill.marketing.klaviyo.backoff",
          "50ms",
          "waybill.marketing.klaviyo.max-backoff",
          "3s",
          "waybill.marketing.klaviyo.max-attempts",
          "3");
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
      throw new IllegalStateException("no free port for the Klaviyo stand-in");
    }
  }

  private static WireMockServer klaviyo;

  @Inject OutboxFanout fanout;
  @Inject KlaviyoEvents events;
  @Inject ShipmentFlags flags;

  @BeforeAll
  static void start() {
    klaviyo = new WireMockServer(WireMockConfiguration.options().port(StandIn.PORT));
    klaviyo.start();
  }

  @AfterAll
  static void stop() {
    klaviyo.stop();
  }

  /** A store, its Klaviyo key and a parcel on its way. */
  record Parcel(TestStore store, String key, String orderNumber, String shipmentId) {}

  static String newKey() {
    return "pk_" + UUID.randomUUID().toString().replace("-", "") + "ab";
  }

  static void optIn(TestStore store, String key, List<String> milestones) {
    Map<String, Object> body = new HashMap<>();
    body.put("privateApiKey", key);
    if (milestones != null) {
      body.put("events", milestones);
    }
    store
        .storeAdmin()
        .body(body)
        .put("/api/v1/admin/stores/" + store.slug() + "/klaviyo")
        .then()
        .statusCode(200);
  }

  static void accepted(String key) {
    klaviyo.stubFor(
        post(urlEqualTo("/api/events"))
            .withHeader("Authorization", WireMock.equalTo("Klaviyo-API-Key " + key))
            .willReturn(aResponse().withStatus(202)));
  }

  /** Klaviyo answers the store's first event with {@code first}, and accepts every one after. */
  static void firstAnswer(String key, ResponseDefinitionBuilder first) {
    klaviyo.stubFor(
        post(urlEqualTo("/api/events"))
            .withHeader("Authorization", WireMock.equalTo("Klaviyo-API-Key " + key))
            .inScenario(key)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(first)
            .willSetStateTo("answered"));
    klaviyo.stubFor(
        post(urlEqualTo("/api/events"))
            .withHeader("Authorization", WireMock.equalTo("Klaviyo-API-Key " + key))
            .inScenario(key)
            .whenScenarioStateIs("answered")
            .willReturn(aResponse().withStatus(202)));
  }

  Parcel shipped(TestStore store, String key) {
    String number = TestStores.orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    return new Parcel(store, key, number, shipment);
  }

  static void status(Parcel p, String status, String at) {
    Map<String, Object> body = new HashMap<>();
    body.put("status", status);
    body.put("occurredAt", at);
    if (status.equals("EXCEPTION")) {
      body.put("reason", "CONSIGNEE_ADDRESS_PROBLEM");
    }
    p.store()
        .merchant()
        .body(body)
        .post("/api/v1/shipments/" + p.shipmentId() + "/events")
        .then()
        .statusCode(201);
  }

  void fanAndSend() {
    while (fanout.fanOut(500).await().atMost(Duration.ofSeconds(30)) > 0) {
      // until the outbox is empty
    }
    events.cycle().await().atMost(Duration.ofSeconds(30));
  }

  static List<LoggedRequest> sent(String key) {
    return klaviyo.findAll(
        postRequestedFor(urlEqualTo("/api/events"))
            .withHeader("Authorization", WireMock.equalTo("Klaviyo-API-Key " + key)));
  }

  static List<String> metrics(String key) {
    return sent(key).stream()
        .map(
            r ->
                new JsonObject(r.getBodyAsString())
                    .getJsonObject("data")
                    .getJsonObject("attributes")
                    .getJsonObject("metric")
                    .getJsonObject("data")
                    .getJsonObject("attributes")
                    .getString("name"))
        .toList();
  }

  static io.restassured.response.ValidatableResponse integration(TestStore store) {
    return store
        .storeAdmin()
        .get("/api/v1/admin/stores/" + store.slug() + "/klaviyo")
        .then()
        .statusCode(200);
  }

  @Test
  void eachMilestoneBecomesExactlyOneEventShapedAsKlaviyoDocuments() {
    TestStore store = TestStores.create();
    String key = newKey();
    optIn(store, key, null);
    accepted(key);
    Parcel p = shipped(store, key);
    fanAndSend();
    status(p, "OUT_FOR_DELIVERY", "2026-01-07T08:30:00Z");
    fanAndSend();
    status(p, "DELIVERED", "2026-01-07T14:05:00Z");
    fanAndSend();
    fanAndSend();

    assertEquals(
        List.of(
            "Waybill Shipment Shipped",
            "Waybill Shipment Out For Delivery",
            "Waybill Shipment Delivered"),
        metrics(key));
    klaviyo.verify(
        postRequestedFor(urlEqualTo("/api/events"))
            .withHeader("Authorization", WireMock.equalTo("Klaviyo-API-Key " + key))
            .withHeader("revision", WireMock.equalTo("2026-10-15"))
            .withHeader("Content-Type", WireMock.equalTo("application/vnd.api+json"))
            .withHeader("accept", WireMock.equalTo("application/vnd.api+json"))
            .withRequestBody(matchingJsonPath("$.data.type", WireMock.equalTo("event")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.metric.data.attributes.name",
                    WireMock.equalTo("Waybill Shipment Delivered")))
            .withRequestBody(
                matchingJsonPath("$.data.attributes.metric.data.type", WireMock.equalTo("metric")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.profile.data.type", WireMock.equalTo("profile")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.profile.data.attributes.email",
                    WireMock.equalTo("ada@example.com")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.time", WireMock.equalTo("2026-01-07T14:05:00Z")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.unique_id",
                    containing("waybill:" + p.shipmentId() + ":delivered:")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.properties.order_number", WireMock.equalTo(p.orderNumber())))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.properties.shipment_id", WireMock.equalTo(p.shipmentId())))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.properties.status", WireMock.equalTo("DELIVERED")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.properties.status_label", WireMock.equalTo("Delivered")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.properties.status_text",
                    WireMock.equalTo("Your parcel was delivered.")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.properties.carrier_name", WireMock.equalTo("UPS")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.properties.carrier_tracking_url", containing("ups.com")))
            .withRequestBody(
                matchingJsonPath("$.data.attributes.properties.tracking_url", containing("/t/")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.properties.items[0].name",
                    WireMock.equalTo("Trail Runner 2")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.properties.items[0].quantity", WireMock.equalTo("1"))));
    integration(store)
        .body("queue.sent", equalTo(3))
        .body("queue.pending", equalTo(0))
        .body("queue.dead", equalTo(0))
        .body("metrics.DELIVERED", equalTo("Waybill Shipment Delivered"))
        .body("keyHint", equalTo("…" + key.substring(key.length() - 4)))
        .body(not(containsString(key)));
  }

  @Test
  void delaysAndExceptionsCarryTheirReasonsInPlainWords() {
    TestStore store = TestStores.create();
    String key = newKey();
    optIn(store, key, List.of("delayed", "EXCEPTION"));
    accepted(key);
    Parcel p = shipped(store, key);
    flags
        .flagAtRisk(
            List.of(new ShipmentFlags.AtRiskFlag(UUID.fromString(p.shipmentId()), "NO_SCANS")))
        .await()
        .atMost(Duration.ofSeconds(20));
    fanAndSend();
    status(p, "EXCEPTION", OffsetDateTime.now().minusMinutes(5).toString());
    fanAndSend();

    assertEquals(List.of("Waybill Shipment Delayed", "Waybill Shipment Exception"), metrics(key));
    klaviyo.verify(
        postRequestedFor(urlEqualTo("/api/events"))
            .withHeader("Authorization", WireMock.equalTo("Klaviyo-API-Key " + key))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.unique_id",
                    WireMock.equalTo("waybill:" + p.shipmentId() + ":delayed:1")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.properties.status_label", WireMock.equalTo("Running late")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.properties.delay_reason", WireMock.equalTo("NO_SCANS"))));
    klaviyo.verify(
        postRequestedFor(urlEqualTo("/api/events"))
            .withHeader("Authorization", WireMock.equalTo("Klaviyo-API-Key " + key))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.properties.exception_reason",
                    WireMock.equalTo("CONSIGNEE_ADDRESS_PROBLEM")))
            .withRequestBody(
                matchingJsonPath(
                    "$.data.attributes.properties.status", WireMock.equalTo("EXCEPTION"))));
  }

  @Test
  void aServerErrorIsRetriedAndThenSentOnce() {
    TestStore store = TestStores.create();
    String key = newKey();
    optIn(store, key, List.of("SHIPPED"));
    firstAnswer(
        key,
        aResponse()
            .withStatus(503)
            .withHeader("Content-Type", "application/vnd.api+json")
            .withBody(
                """
                        {"errors":[{"id":"3f1c","status":503,"code":"error",
                        "title":"A server error occurred.","detail":"A server error occurred.",
                        "source":{"pointer":"/data/"}}]}"""));
    shipped(store, key);
    fanAndSend();
    assertEquals(1, sent(key).size());
    integration(store)
        .body("queue.failing", equalTo(1))
        .body("queue.lastError", containsString("503"))
        .body("recentFailures[0].state", equalTo("PENDING"));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              events.cycle().await().atMost(Duration.ofSeconds(20));
              integration(store).body("queue.sent", equalTo(1));
            });
    events.cycle().await().atMost(Duration.ofSeconds(20));
    assertEquals(2, sent(key).size(), "one failure, then one success, nothing more");
    // Klaviyo records a repeat once: both tries carried the same unique_id.
    assertEquals(
        1,
        sent(key).stream()
            .map(r -> new JsonObject(r.getBodyAsString()).getJsonObject("data"))
            .map(d -> d.getJsonObject("attributes").getString("unique_id"))
            .distinct()
            .count());
  }

  @Test
  void aRateLimitIsWaitedOutForAsLongAsKlaviyoAsks() {
    TestStore store = TestStores.create();
    String key = newKey();
    optIn(store, key, List.of("SHIPPED"));
    firstAnswer(
        key,
        aResponse()
            .withStatus(429)
            .withHeader("Retry-After", "2")
            .withHeader("Content-Type", "application/vnd.api+json")
            .withBody(
                """
                        {"errors":[{"id":"7a2e","status":429,"code":"throttled",
                        "title":"Request was throttled.",
                        "detail":"Request was throttled. Expected available in 2 seconds.",
                        "source":{"pointer":"/data/"}}]}"""));
    shipped(store, key);
    shipped(store, key);
    long start = System.nanoTime();
    fanAndSend();
    int first = sent(key).size();
    assertTrue(first >= 1 && first <= 2, "the first try of each at most: " + first);
    integration(store)
        .body("queue.lastError", containsString("429"))
        .body("recentFailures[0].lastStatus", equalTo(429))
        .body("recentFailures[0].nextAttemptAt", notNullValue());

    // The backoff alone would allow another try within 100 ms; Klaviyo asked for 2 s.
    events.cycle().await().atMost(Duration.ofSeconds(20));
    events.cycle().await().atMost(Duration.ofSeconds(20));
    if (Duration.ofNanos(System.nanoTime() - start).toMillis() < 1500) {
      assertEquals(first, sent(key).size(), "nothing is sent before Retry-After has passed");
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              events.cycle().await().atMost(Duration.ofSeconds(20));
              integration(store).body("queue.sent", equalTo(2));
            });
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).toMillis() >= 1900,
        "sent no sooner than Klaviyo asked");
  }

  @Test
  void aRefusedKeyOrPayloadEndsDeadWithKlaviyosReasonShownAndARetrySendsItAgain() {
    TestStore store = TestStores.create();
    String key = newKey();
    optIn(store, key, List.of("SHIPPED"));
    firstAnswer(
        key,
        aResponse()
            .withStatus(401)
            .withHeader("Content-Type", "application/vnd.api+json")
            .withBody(
                """
                        {"errors":[{"id":"9c1b","status":401,"code":"not_authenticated",
                        "title":"Authentication credentials were not provided.",
                        "detail":"Missing or invalid private key.",
                        "source":{"pointer":"/data/"}}]}"""));
    shipped(store, key);
    fanAndSend();
    fanAndSend();
    assertEquals(1, sent(key).size(), "a refusal is not retried by itself");
    integration(store)
        .body("queue.dead", equalTo(1))
        .body("queue.lastError", containsString("HTTP 401"))
        .body("queue.lastError", containsString("Missing or invalid private key."))
        .body("recentFailures[0].state", equalTo("DEAD"))
        .body("recentFailures[0].lastStatus", equalTo(401))
        .body(not(containsString(key)));

    store
        .storeAdmin()
        .post("/api/v1/admin/stores/" + store.slug() + "/klaviyo/retry")
        .then()
        .statusCode(200)
        .body("retried", equalTo(1));
    fanAndSend();
    assertEquals(2, sent(key).size());
    integration(store).body("queue.dead", equalTo(0)).body("queue.sent", equalTo(1));

    TestStore other = TestStores.create();
    String otherKey = newKey();
    optIn(other, otherKey, List.of("SHIPPED"));
    klaviyo.stubFor(
        post(urlEqualTo("/api/events"))
            .withHeader("Authorization", WireMock.equalTo("Klaviyo-API-Key " + otherKey))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/vnd.api+json")
                    .withBody(
                        """
                        {"errors":[{"id":"5d0e","status":400,"code":"invalid",
                        "title":"Invalid input.",
                        "detail":"The phone number provided either does not exist or is ineligible to receive SMS",
                        "source":{"pointer":"/data/attributes/profile/data/attributes/phone_number"}}]}""")));
    shipped(other, otherKey);
    fanAndSend();
    fanAndSend();
    assertEquals(1, sent(otherKey).size());
    integration(other)
        .body("queue.dead", equalTo(1))
        .body("queue.lastError", containsString("HTTP 400"))
        .body(
            "queue.lastError",
            containsString("/data/attributes/profile/data/attributes/phone_number"));
  }

  @Test
  void nothingIsSentWithoutOptInNorForMilestonesTheStoreLeftOut() {
    TestStore none = TestStores.create();
    Parcel silent = shipped(none, null);
    TestStore picky = TestStores.create();
    String key = newKey();
    optIn(picky, key, List.of("DELIVERED"));
    accepted(key);
    Parcel p = shipped(picky, key);
    fanAndSend();
    status(p, "OUT_FOR_DELIVERY", "2026-01-07T08:30:00Z");
    status(silent, "OUT_FOR_DELIVERY", "2026-01-07T08:30:00Z");
    fanAndSend();
    status(p, "DELIVERED", "2026-01-07T14:05:00Z");
    status(silent, "DELIVERED", "2026-01-07T14:05:00Z");
    fanAndSend();

    assertEquals(List.of("Waybill Shipment Delivered"), metrics(key));
    assertEquals(
        0,
        klaviyo
            .findAll(
                postRequestedFor(urlEqualTo("/api/events"))
                    .withRequestBody(
                        matchingJsonPath(
                            "$.data.attributes.unique_id", containing(silent.shipmentId()))))
            .size());
    integration(picky).body("events", equalTo(List.of("DELIVERED"))).body("queue.sent", equalTo(1));
    none.storeAdmin()
        .get("/api/v1/admin/stores/" + none.slug() + "/klaviyo")
        .then()
        .statusCode(404);

    // Stopping drops the key: later milestones go nowhere.
    picky
        .storeAdmin()
        .delete("/api/v1/admin/stores/" + picky.slug() + "/klaviyo")
        .then()
        .statusCode(204);
    Parcel after = shipped(picky, key);
    status(after, "DELIVERED", "2026-01-08T14:05:00Z");
    fanAndSend();
    assertEquals(1, sent(key).size());
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndTheKeyIsNeverShown() {
    TestStore store = TestStores.create();
    String base = "/api/v1/admin/stores/" + store.slug() + "/klaviyo";
    store
        .storeAdmin()
        .body(Map.of("events", List.of("SHIPPED")))
        .put(base)
        .then()
        .statusCode(400)
        .contentType(containsString("application/problem+json"))
        .body("errors.field", hasItem("privateApiKey"));
    store
        .storeAdmin()
        .body(Map.of("privateApiKey", "AbC123"))
        .put(base)
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("privateApiKey"));
    String key = newKey();
    store
        .storeAdmin()
        .body(Map.of("privateApiKey", key, "events", List.of("SHIPPED", "LOST")))
        .put(base)
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("events[1]"))
        .body(not(containsString(key)));
    store
        .storeAdmin()
        .body(Map.of("privateApiKey", key, "events", List.of()))
        .put(base)
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("events"));

    store
        .storeAdmin()
        .body(Map.of("privateApiKey", key))
        .put(base)
        .then()
        .statusCode(200)
        .body("keyReadable", equalTo(true))
        .body("events.size()", equalTo(5))
        .body(not(containsString(key)));
    // The milestones change without the key at hand; the stored key stays.
    store
        .storeAdmin()
        .body(Map.of("events", List.of("delivered")))
        .put(base)
        .then()
        .statusCode(200)
        .body("events", equalTo(List.of("DELIVERED")))
        .body("keyHint", equalTo("…" + key.substring(key.length() - 4)));
    integration(store).body(not(containsString(key)));
  }

  @Test
  void aStoreCannotReadOrChangeAnotherStoresIntegration() {
    TestStore mine = TestStores.create();
    TestStore theirs = TestStores.create();
    optIn(theirs, newKey(), null);
    String path = "/api/v1/admin/stores/" + theirs.slug() + "/klaviyo";
    mine.storeAdmin().get(path).then().statusCode(404);
    mine.storeAdmin().body(Map.of("privateApiKey", newKey())).put(path).then().statusCode(404);
    mine.storeAdmin().delete(path).then().statusCode(404);
    mine.storeAdmin().post(path + "/retry").then().statusCode(404);
    integration(theirs).body("events.size()", equalTo(5));
  }
}
