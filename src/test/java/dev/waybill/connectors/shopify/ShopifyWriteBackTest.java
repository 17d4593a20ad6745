package dev.waybill.connectors.shopify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.waybill.connectors.shopify.ShopifyConnectorTest.order;
import static dev.waybill.connectors.shopify.ShopifyConnectorTest.send;
import static dev.waybill.connectors.shopify.ShopifyMapperTest.fixture;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.waybill.carriers.WebhookWorker;
import dev.waybill.connectors.shopify.ShopifyConnectorTest.Shop;
import dev.waybill.notifications.OutboxFanout;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Write-back end to end: a Shopify-connected store's shipment changes status and Shopify (a
 * WireMock server answering as the Admin GraphQL API documents) receives one {@code
 * fulfillmentEventCreate} on the fulfillment the shipment came from.
 */
@QuarkusTest
@TestProfile(ShopifyWriteBackTest.StandIn.class)
class ShopifyWriteBackTest {

  /** Shopify's Admin API on a local server; each shop under its own path. */
  public static class StandIn implements QuarkusTestProfile {

    static final int PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "waybill.connectors.shopify.admin-base-url",
          "http://127.0.0.1:" + PORT + "/{shop}",
          // The tests run the cycles themselves.
          "waybill.connectors.write-back.interval",
          "1h",
          "waybill.connectors.write-back.backoff",
          "50ms",
          "waybill.connectors.write-back.max-backoff",
          "100ms",
          "waybill.connectors.write-back.max-attempts",
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
      throw new IllegalStateException("no free port for the Shopify stand-in");
    }
  }

  private static final String SECRET = "shpss_" + "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  private static final String TOKEN = "shpat_" + "00112233445566778899aabbccddeeff";

  private static WireMockServer shopify;

  @Inject WebhookWorker worker;
  @Inject OutboxFanout fanout;
  @Inject ShopifyWriteBack writeBack;

  @BeforeAll
  static void start() {
    shopify = new WireMockServer(WireMockConfiguration.options().port(StandIn.PORT));
    shopify.start();
  }

  @AfterAll
  static void stop() {
    shopify.stop();
  }

  record Parcel(Shop shop, String orderName, long fulfillmentId, String shipmentId) {}

  static Shop connect(boolean writeBack) {
    TestStore store = TestStores.create();
    String domain = "wb-" + UUID.randomUUID().toString().substring(0, 8) + ".myshopify.com";
    Map<String, Object> body = new HashMap<>();
    body.put("shopDomain", domain);
    body.put("webhookSecret", SECRET);
    body.put("accessToken", TOKEN);
    body.put("writeBack", writeBack);
    Shop shop = new Shop(store, domain, SECRET);
    // The import of past orders that connecting starts finds none.
    shopify.stubFor(
        post(urlEqualTo(graphql(shop)))
            .atPriority(1)
            .withRequestBody(
                matchingJsonPath(
                    "$.query",
                    com.github.tomakehurst.wiremock.client.WireMock.containing("orders(")))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"data": {"orders": {"pageInfo": {"hasNextPage": false,
                          "endCursor": null}, "nodes": []}},
                         "extensions": {"cost": {"requestedQueryCost": 962,
                          "actualQueryCost": 2, "throttleStatus": {"maximumAvailable": 2000.0,
                          "currentlyAvailable": 1998.0, "restoreRate": 100.0}}}}
                        """)));
    store
        .storeAdmin()
        .body(body)
        .put("/api/v1/admin/stores/" + store.slug() + "/connectors/shopify")
        .then()
        .statusCode(200);
    return shop;
  }

  /** An order and its fulfillment arrive from Shopify; the parcel is tracked. */
  Parcel fulfilled(Shop shop) {
    String name = ShopifyConnectorTest.name();
    JsonObject order = order(name, "wb@example.com", "2026-01-05T10:00:00-05:00");
    send(shop, "orders/create", UUID.randomUUID().toString(), order.encode())
        .then()
        .statusCode(200);
    drain();
    long fulfillmentId = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L);
    String number = TestStores.upsNumber();
    JsonObject fulfillment =
        new JsonObject(fixture("fulfillment.json"))
            .put("id", fulfillmentId)
            .put("order_id", order.getLong("id"))
            .put("name", name + ".1")
            .put("tracking_numbers", new JsonArray().add(number))
            .put("tracking_number", number)
            .put("shipment_status", "confirmed")
            .put("updated_at", "2026-01-06T10:00:00-05:00");
    send(shop, "fulfillments/create", UUID.randomUUID().toString(), fulfillment.encode())
        .then()
        .statusCode(200);
    drain();
    String[] id = new String[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              // A fulfillment that overtook its order is retried: keep draining the inbox.
              drain();
              id[0] =
                  ShopifyConnectorTest.merchantOrder(shop, name)
                      .then()
                      .statusCode(200)
                      .body("shipments.size()", org.hamcrest.Matchers.equalTo(1))
                      .extract()
                      .path("shipments[0].id");
            });
    // What Shopify reported itself is not written back to it.
    fanAndSend();
    return new Parcel(shop, name, fulfillmentId, id[0]);
  }

  void drain() {
    worker.drainOnce().await().atMost(Duration.ofSeconds(20));
  }

  void fanAndSend() {
    while (fanout.fanOut(500).await().atMost(Duration.ofSeconds(20)) > 0) {
      // until the outbox is empty
    }
    writeBack.cycle().await().atMost(Duration.ofSeconds(20));
  }

  static void outForDelivery(Parcel p) {
    p.shop()
        .store()
        .merchant()
        .body(Map.of("status", "OUT_FOR_DELIVERY", "occurredAt", "2026-01-07T08:30:00Z"))
        .post("/api/v1/shipments/" + p.shipmentId() + "/events")
        .then()
        .statusCode(201);
  }

  static String graphql(Shop shop) {
    return "/"
        + shop.domain()
        + "/admin/api/"
        + org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getValue("waybill.connectors.shopify.api-version", String.class)
        + "/graphql.json";
  }

  static String created(long id) {
    return new JsonObject()
        .put(
            "data",
            new JsonObject()
                .put(
                    "fulfillmentEventCreate",
                    new JsonObject()
                        .put(
                            "fulfillmentEvent",
                            new JsonObject()
                                .put("id", "gid://shopify/FulfillmentEvent/" + id)
                                .put("status", "OUT_FOR_DELIVERY"))
                        .put("userErrors", new JsonArray())))
        .put(
            "extensions",
            new JsonObject()
                .put(
                    "cost",
                    new JsonObject()
                        .put("requestedQueryCost", 10)
                        .put("actualQueryCost", 10)
                        .put(
                            "throttleStatus",
                            new JsonObject()
                                .put("maximumAvailable", 2000.0)
                                .put("currentlyAvailable", 1990)
                                .put("restoreRate", 100.0))))
        .encode();
  }

  /** Write-back calls only: the shop's import of past orders asks the same endpoint. */
  static int calls(Shop shop) {
    return shopify
        .findAll(
            postRequestedFor(urlEqualTo(graphql(shop)))
                .withRequestBody(
                    matchingJsonPath(
                        "$.query",
                        com.github.tomakehurst.wiremock.client.WireMock.containing(
                            "fulfillmentEventCreate"))))
        .size();
  }

  static io.restassured.response.ValidatableResponse connection(Shop shop) {
    return ShopifyConnectorTest.connection(shop);
  }

  @Test
  void aStatusChangeBecomesExactlyOneFulfillmentEventOnItsFulfillment() {
    Shop shop = connect(true);
    shopify.stubFor(
        post(urlEqualTo(graphql(shop)))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(created(1))));
    Parcel p = fulfilled(shop);
    assertEquals(0, calls(shop), "Shopify's own status is not echoed");

    outForDelivery(p);
    fanAndSend();
    fanAndSend();

    assertEquals(1, calls(shop));
    shopify.verify(
        postRequestedFor(urlEqualTo(graphql(shop)))
            .withHeader("X-Shopify-Access-Token", equalTo(TOKEN))
            .withRequestBody(matchingJsonPath("$.query", containing("fulfillmentEventCreate")))
            .withRequestBody(
                matchingJsonPath(
                    "$.variables.fulfillmentEvent.fulfillmentId",
                    equalTo("gid://shopify/Fulfillment/" + p.fulfillmentId())))
            .withRequestBody(
                matchingJsonPath(
                    "$.variables.fulfillmentEvent.status", equalTo("OUT_FOR_DELIVERY")))
            .withRequestBody(
                matchingJsonPath(
                    "$.variables.fulfillmentEvent.happenedAt", containing("2026-01-07T08:30"))));
    connection(shop)
        .statusCode(200)
        .body("writeBackQueue.sent", org.hamcrest.Matchers.equalTo(1))
        .body("writeBackQueue.pending", org.hamcrest.Matchers.equalTo(0))
        .body("writeBackQueue.dead", org.hamcrest.Matchers.equalTo(0))
        .body(not(containsString(TOKEN)));
  }

  @Test
  void aServerErrorIsRetriedAndThenSucceedsOnce() throws InterruptedException {
    Shop shop = connect(true);
    shopify.stubFor(
        post(urlEqualTo(graphql(shop)))
            .inScenario(shop.domain())
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withBody("Service Unavailable"))
            .willSetStateTo("up"));
    shopify.stubFor(
        post(urlEqualTo(graphql(shop)))
            .inScenario(shop.domain())
            .whenScenarioStateIs("up")
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(created(2))));
    Parcel p = fulfilled(shop);
    outForDelivery(p);
    fanAndSend();
    assertEquals(1, calls(shop));
    connection(shop)
        .body("writeBackQueue.failed", org.hamcrest.Matchers.equalTo(1))
        .body("writeBackQueue.lastError", containsString("503"));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              writeBack.cycle().await().atMost(Duration.ofSeconds(20));
              connection(shop).body("writeBackQueue.sent", org.hamcrest.Matchers.equalTo(1));
            });
    writeBack.cycle().await().atMost(Duration.ofSeconds(20));
    assertEquals(2, calls(shop), "one failure, then one success, nothing more");
  }

  @Test
  void userErrorsEndDeadWithTheErrorShownAndARetrySendsItAgain() {
    Shop shop = connect(true);
    shopify.stubFor(
        post(urlEqualTo(graphql(shop)))
            .inScenario(shop.domain())
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"data":{"fulfillmentEventCreate":{"fulfillmentEvent":null,
                        "userErrors":[{"field":["fulfillmentEvent","fulfillmentId"],
                        "message":"Fulfillment does not exist."}]}}}"""))
            .willSetStateTo("fixed"));
    shopify.stubFor(
        post(urlEqualTo(graphql(shop)))
            .inScenario(shop.domain())
            .whenScenarioStateIs("fixed")
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(created(3))));
    Parcel p = fulfilled(shop);
    outForDelivery(p);
    fanAndSend();
    fanAndSend();
    assertEquals(1, calls(shop), "a refusal is not retried by itself");
    connection(shop)
        .body("writeBackQueue.dead", org.hamcrest.Matchers.equalTo(1))
        .body("writeBackQueue.lastError", containsString("Fulfillment does not exist."))
        .body("writeBackQueue.lastError", containsString("fulfillmentEvent.fulfillmentId"));

    shop.store()
        .storeAdmin()
        .post(
            "/api/v1/admin/stores/" + shop.store().slug() + "/connectors/shopify/write-back/retry")
        .then()
        .statusCode(200)
        .body("retried", org.hamcrest.Matchers.equalTo(1));
    fanAndSend();
    assertEquals(2, calls(shop));
    connection(shop)
        .body("writeBackQueue.dead", org.hamcrest.Matchers.equalTo(0))
        .body("writeBackQueue.sent", org.hamcrest.Matchers.equalTo(1));
  }

  @Test
  void aClientErrorEndsDead() {
    Shop shop = connect(true);
    shopify.stubFor(
        post(urlEqualTo(graphql(shop)))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"errors\":\"[API] Invalid API key or access token (unrecognized"
                            + " login or wrong password)\"}")));
    Parcel p = fulfilled(shop);
    outForDelivery(p);
    fanAndSend();
    fanAndSend();
    assertEquals(1, calls(shop));
    connection(shop)
        .body("writeBackQueue.dead", org.hamcrest.Matchers.equalTo(1))
        .body("writeBackQueue.lastError", containsString("HTTP 401"))
        .body(not(containsString(TOKEN)));
  }

  @Test
  void withoutWriteBackNothingIsSent() {
    Shop shop = connect(false);
    shopify.stubFor(
        post(urlEqualTo(graphql(shop)))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(created(4))));
    Parcel p = fulfilled(shop);
    outForDelivery(p);
    fanAndSend();
    assertEquals(0, calls(shop));
    connection(shop)
        .body("writeBack", org.hamcrest.Matchers.equalTo(false))
        .body("writeBackQueue.pending", org.hamcrest.Matchers.equalTo(0))
        .body("writeBackQueue.sent", org.hamcrest.Matchers.equalTo(0));
  }

  private static com.github.tomakehurst.wiremock.matching.StringValuePattern containing(String s) {
    return com.github.tomakehurst.wiremock.client.WireMock.containing(s);
  }
}
