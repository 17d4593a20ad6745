package dev.waybill.notifications;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.waybill.notifications.NotificationDeliveryTest.event;
import static dev.waybill.notifications.NotificationDeliveryTest.shipment;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.waybill.carriers.Poller;
import dev.waybill.insights.delays.AtRisk;
import dev.waybill.support.TestCases;
import dev.waybill.testing.MutableClock;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Merchant webhooks against a WireMock receiver, verified with the Standard Webhooks library. */
@QuarkusTest
class MerchantWebhookTest {

  private static WireMockServer receiver;

  @Inject Dispatcher dispatcher;
  @Inject Poller poller;
  @Inject AtRisk atRisk;
  @Inject MutableClock clock;

  @BeforeAll
  static void start() {
    receiver = new WireMockServer(options().dynamicPort());
    receiver.start();
  }

  @AfterAll
  static void stop() {
    receiver.stop();
  }

  private record Endpoint(String id, String secret, String path) {}

  private Endpoint register(TestStore store, List<String> types) {
    String path = "/hooks/" + store.slug();
    receiver.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(204)));
    var response =
        store
            .storeAdmin()
            .body(Map.of("url", "http://localhost:" + receiver.port() + path, "eventTypes", types))
            .post("/api/v1/webhooks/endpoints")
            .then()
            .statusCode(201)
            .body("secret", startsWith("whsec_"))
            .extract();
    return new Endpoint(response.path("id"), response.path("secret"), path);
  }

  @AfterEach
  void realTime() {
    clock.reset();
  }

  @Test
  void eventsArriveSignedAndInSequencePerShipment() throws Exception {
    TestStore store = TestStores.create();
    Endpoint e =
        register(store, List.of("order.created", "shipment.created", "shipment.status_changed"));
    String number =
        NotificationPeers.order(store, NotificationPeers.uniqueEmail(), null, "en", null, false);
    String shipment = shipment(store, number);
    event(store, shipment, "IN_TRANSIT", "w-1");
    event(store, shipment, "OUT_FOR_DELIVERY", "w-2");
    event(store, shipment, "DELIVERED", "w-3");
    dispatch();

    List<LoggedRequest> got = requests(e.path());
    List<String> types = new ArrayList<>();
    List<Long> sequences = new ArrayList<>();
    Webhook verifier = new Webhook(e.secret());
    for (LoggedRequest r : got) {
      verifier.verify(r.getBodyAsString(), headers(r));
      JsonObject body = new JsonObject(r.getBodyAsString());
      types.add(body.getString("type"));
      if (body.getString("type").startsWith("shipment.")) {
        assertEquals(shipment, body.getJsonObject("data").getString("shipmentId"));
        sequences.add(body.getJsonObject("data").getLong("sequence"));
      }
      assertTrue(r.getHeader("webhook-id").startsWith("msg_"));
    }
    assertEquals(
        List.of(
            "order.created",
            "shipment.created",
            "shipment.status_changed",
            "shipment.status_changed",
            "shipment.status_changed"),
        types);
    assertEquals(List.of(0L, 1L, 2L, 3L), sequences);
    // A tampered body fails the reference verifier.
    LoggedRequest first = got.get(0);
    assertThrows(
        WebhookVerificationException.class,
        () -> verifier.verify(first.getBodyAsString().replace("order", "0rder"), headers(first)));
  }

  @Test
  void deliveriesRecoverAfterTheReceiversDowntime() {
    TestStore store = TestStores.create();
    Endpoint e = register(store, List.of("order.created"));
    receiver.stubFor(
        post(urlPathEqualTo(e.path()))
            .inScenario("down-" + e.path())
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("still-down"));
    receiver.stubFor(
        post(urlPathEqualTo(e.path()))
            .inScenario("down-" + e.path())
            .whenScenarioStateIs("still-down")
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("up"));
    receiver.stubFor(
        post(urlPathEqualTo(e.path()))
            .inScenario("down-" + e.path())
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(200)));
    String number =
        NotificationPeers.order(store, NotificationPeers.uniqueEmail(), null, "en", null, false);
    for (int i = 0; i < 4; i++) {
      dispatch();
      // The delivery waits out its backoff.
      clock.advance(Duration.ofSeconds(1));
    }
    List<LoggedRequest> got = requests(e.path());
    assertEquals(3, got.size(), "two failures, then one success, then nothing more");
    assertEquals(
        number,
        new JsonObject(got.get(2).getBodyAsString())
            .getJsonObject("data")
            .getString("orderNumber"));
    store
        .storeAdmin()
        .get("/api/v1/webhooks/endpoints/" + e.id() + "/deliveries")
        .then()
        .body("[0].status", equalTo("DELIVERED"))
        .body("[0].attempts", equalTo(3));
    store
        .storeAdmin()
        .get("/api/v1/webhooks/endpoints/" + e.id())
        .then()
        .body("enabled", equalTo(true))
        .body("consecutiveFailures", equalTo(0));
  }

  @Test
  void deliveredEventIsRecordedOnceAndNeverSentAgain() {
    TestStore store = TestStores.create();
    Endpoint e = register(store, List.of("order.created"));
    NotificationPeers.order(store, NotificationPeers.uniqueEmail(), null, "en", null, false);
    for (int i = 0; i < 3; i++) {
      dispatch();
      clock.advance(Duration.ofSeconds(1));
    }
    assertEquals(1, requests(e.path()).size(), "sent once, recorded as delivered");
    store
        .storeAdmin()
        .get("/api/v1/webhooks/endpoints/" + e.id() + "/deliveries")
        .then()
        .body("size()", equalTo(1))
        .body("[0].status", equalTo("DELIVERED"))
        .body("[0].attempts", equalTo(1))
        .body("[0].deliveredAt", notNullValue());
  }

  @Test
  void endpointThatKeepsFailingIsDisabledAndFlagged() {
    TestStore store = TestStores.create();
    Endpoint e = register(store, List.of("order.created"));
    receiver.stubFor(post(urlPathEqualTo(e.path())).willReturn(aResponse().withStatus(500)));
    NotificationPeers.order(store, NotificationPeers.uniqueEmail(), null, "en", null, false);
    for (int i = 0; i < 4; i++) {
      dispatch();
      // The delivery waits out its backoff.
      clock.advance(Duration.ofSeconds(1));
    }
    assertEquals(3, requests(e.path()).size());
    store
        .storeAdmin()
        .get("/api/v1/webhooks/endpoints/" + e.id())
        .then()
        .body("enabled", equalTo(false))
        .body("disabledAt", notNullValue())
        .body("disabledReason", org.hamcrest.Matchers.containsString("HTTP 500"));
    store
        .storeAdmin()
        .get("/api/v1/webhooks/endpoints/" + e.id() + "/deliveries?status=DEAD")
        .then()
        .body("size()", equalTo(1));
    // Nothing more goes to a disabled endpoint; enabling it again clears the flag.
    NotificationPeers.order(store, NotificationPeers.uniqueEmail(), null, "en", null, false);
    dispatch();
    assertEquals(3, requests(e.path()).size());
    store
        .storeAdmin()
        .body(Map.of("enabled", true))
        .patch("/api/v1/webhooks/endpoints/" + e.id())
        .then()
        .statusCode(200)
        .body("enabled", equalTo(true))
        .body("disabledAt", nullValue());
  }

  @Test
  void replayResendsEveryEventAfterTheCursor() throws Exception {
    TestStore store = TestStores.create();
    Endpoint e = register(store, List.of("order.created", "shipment.created"));
    NotificationPeers.order(store, NotificationPeers.uniqueEmail(), null, "en", null, false);
    String second =
        NotificationPeers.order(store, NotificationPeers.uniqueEmail(), null, "en", null, false);
    shipment(store, second);
    dispatch();
    List<LoggedRequest> got = requests(e.path());
    assertEquals(3, got.size());
    long firstCursor = new JsonObject(got.get(0).getBodyAsString()).getLong("cursor");
    long lastCursor = new JsonObject(got.get(2).getBodyAsString()).getLong("cursor");
    store
        .storeAdmin()
        .body(Map.of("since", firstCursor))
        .post("/api/v1/webhooks/endpoints/" + e.id() + "/replay")
        .then()
        .statusCode(202)
        .body("queued", equalTo(2))
        .body("lastCursor", equalTo((int) lastCursor));
    dispatch();
    List<LoggedRequest> after = requests(e.path());
    assertEquals(5, after.size());
    assertEquals(got.get(1).getBodyAsString(), after.get(3).getBodyAsString());
    assertEquals(got.get(2).getBodyAsString(), after.get(4).getBodyAsString());
    assertEquals(got.get(1).getHeader("webhook-id"), after.get(3).getHeader("webhook-id"));
    new Webhook(e.secret()).verify(after.get(4).getBodyAsString(), headers(after.get(4)));
  }

  @Test
  void rotatedSecretSignsWithBothSecretsDuringTheOverlap() throws Exception {
    TestStore store = TestStores.create();
    Endpoint e = register(store, List.of("order.created"));
    String rotated =
        store
            .storeAdmin()
            .post("/api/v1/webhooks/endpoints/" + e.id() + "/rotate-secret")
            .then()
            .statusCode(200)
            .body("previousSecretExpiresAt", notNullValue())
            .extract()
            .path("secret");
    assertTrue(!rotated.equals(e.secret()));
    // A retried rotation returns the same new secret instead of dropping the original one.
    store
        .storeAdmin()
        .post("/api/v1/webhooks/endpoints/" + e.id() + "/rotate-secret")
        .then()
        .statusCode(200)
        .body("secret", equalTo(rotated));
    NotificationPeers.order(store, NotificationPeers.uniqueEmail(), null, "en", null, false);
    dispatch();
    LoggedRequest r = requests(e.path()).get(0);
    assertEquals(2, r.getHeader("webhook-signature").split(" ").length);
    new Webhook(e.secret()).verify(r.getBodyAsString(), headers(r));
    new Webhook(rotated).verify(r.getBodyAsString(), headers(r));
  }

  @Test
  void shopperAskingForHelpReachesTheMerchantAsASignedSupportCaseEvent() throws Exception {
    TestStore store = TestStores.create();
    Endpoint e = register(store, List.of("support_case.created"));
    String number = TestStores.orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    String orderId = store.merchant().get("/api/v1/orders/" + number).then().extract().path("id");
    String token =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
    String reference = TestCases.askForHelp(token, "NOT_RECEIVED", "Nothing arrived yet.");
    dispatch();

    List<LoggedRequest> got = requests(e.path());
    assertEquals(1, got.size(), "the order and shipment events are not subscribed");
    LoggedRequest r = got.get(0);
    new Webhook(e.secret()).verify(r.getBodyAsString(), headers(r));
    JsonObject body = new JsonObject(r.getBodyAsString());
    assertEquals("support_case.created", body.getString("type"));
    JsonObject data = body.getJsonObject("data");
    assertEquals(reference, data.getString("reference"));
    assertEquals(number, data.getString("orderNumber"));
    assertEquals(orderId, data.getString("orderId"));
    assertEquals(shipment, data.getString("shipmentId"));
    assertEquals("NOT_RECEIVED", data.getString("type"));
    assertTrue(
        OffsetDateTime.parse(data.getString("createdAt"))
            .isAfter(OffsetDateTime.now().minusMinutes(5)));
    // The shopper's words and contact details stay in Waybill; the receiver asks for them by
    // reference with a support key.
    assertTrue(!r.getBodyAsString().contains("Nothing arrived yet."));
    assertTrue(!r.getBodyAsString().contains("ada@example.com"));
  }

  @Test
  void parcelRunningLateReachesTheMerchantAsASignedAtRiskEvent() throws Exception {
    TestStore store = TestStores.create();
    Endpoint e = register(store, List.of("shipment.at_risk"));
    String number = TestStores.orderNumber();
    store
        .merchant()
        .body(TestStores.order(number, "late@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    String orderId = store.merchant().get("/api/v1/orders/" + number).then().extract().path("id");
    // The simulated carrier's last scan of this parcel was hours ago: past the default silence.
    var created = TestStores.stalledSimShipment(store, number);
    String shipment = created.path("id");
    String trackingNumber = created.path("trackingNumber");
    poller.cycle().await().atMost(Duration.ofSeconds(30));
    atRisk.check().await().atMost(Duration.ofSeconds(30));
    atRisk.check().await().atMost(Duration.ofSeconds(30));
    dispatch();

    List<LoggedRequest> got = requests(e.path());
    assertEquals(1, got.size(), "one episode, one event");
    LoggedRequest r = got.get(0);
    new Webhook(e.secret()).verify(r.getBodyAsString(), headers(r));
    JsonObject body = new JsonObject(r.getBodyAsString());
    assertEquals("shipment.at_risk", body.getString("type"));
    JsonObject data = body.getJsonObject("data");
    assertEquals(shipment, data.getString("shipmentId"));
    assertEquals(orderId, data.getString("orderId"));
    assertEquals(number, data.getString("orderNumber"));
    assertEquals("waybill-sim", data.getString("carrier"));
    assertEquals(trackingNumber, data.getString("trackingNumber"));
    assertEquals("NO_SCANS", data.getString("reason"));
    assertEquals(1, data.getInteger("episode"));
    assertTrue(data.getString("lastScanAt") != null, "the receiver sees how long it has been");
    assertTrue(data.containsKey("sequence"));
  }

  @Test
  void endpointsMustBeHttpsAndSubscribeToKnownEvents() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body(
            Map.of("url", "http://shop.example.com/hooks", "eventTypes", List.of("order.created")))
        .post("/api/v1/webhooks/endpoints")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("url"));
    store
        .storeAdmin()
        .body(Map.of("url", "https://shop.example.com/hooks", "eventTypes", List.of("order.eaten")))
        .post("/api/v1/webhooks/endpoints")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("eventTypes[0]"));
    // Registering the same URL twice gives the same endpoint.
    String first =
        store
            .storeAdmin()
            .body(
                Map.of(
                    "url",
                    "https://shop.example.com/hooks",
                    "eventTypes",
                    List.of("order.created")))
            .post("/api/v1/webhooks/endpoints")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    store
        .storeAdmin()
        .body(
            Map.of("url", "https://shop.example.com/hooks", "eventTypes", List.of("order.created")))
        .post("/api/v1/webhooks/endpoints")
        .then()
        .body("id", equalTo(first));
    store.storeAdmin().get("/api/v1/webhooks/endpoints").then().body("size()", equalTo(1));
    store.merchant().get("/api/v1/webhooks/endpoints").then().statusCode(403);
  }

  private void dispatch() {
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(60));
  }

  private static List<LoggedRequest> requests(String path) {
    List<LoggedRequest> out =
        new ArrayList<>(receiver.findAll(postRequestedFor(urlPathEqualTo(path))));
    out.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
    return out;
  }

  private static Map<String, List<String>> headers(LoggedRequest r) {
    Map<String, List<String>> out = new HashMap<>();
    for (HttpHeader h : r.getHeaders().all()) {
      out.put(h.key().toLowerCase(Locale.ROOT), h.values());
    }
    return out;
  }
}
