package dev.waybill.connectors.woocommerce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.waybill.carriers.WebhookWorker;
import dev.waybill.connectors.ConnectorWebhooks;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WooCommerce connector end to end: a WireMock server plays the site's REST API, and webhooks
 * are sent signed as WooCommerce signs them.
 */
@QuarkusTest
class WooConnectorTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private static WireMockServer woo;

  @Inject WebhookWorker worker;
  @Inject WooSweep sweep;
  @Inject WooBackfill backfill;

  @BeforeAll
  static void start() {
    woo = new WireMockServer(options().dynamicPort());
    woo.start();
  }

  @AfterAll
  static void stop() {
    woo.stop();
  }

  /** A store connected to its own site (a path of the WireMock server) and secret. */
  private record Shop(TestStore store, String site, String path, String secret) {}

  private Shop connect(boolean keys) {
    TestStore store = TestStores.create();
    String path = "/shop-" + store.slug();
    String site = woo.baseUrl() + path;
    String secret = "whsec-" + UUID.randomUUID();
    // Nothing to import or sweep unless a test says so.
    stubOrders(path, 1, 1, "[]");
    woo.stubFor(get(urlPathEqualTo(path + "/wp-json/wc/v3/webhooks")).willReturn(okJson("[]")));
    Map<String, Object> body = new HashMap<>();
    body.put("siteUrl", site + "/");
    body.put("webhookSecret", secret);
    if (keys) {
      body.put("consumerKey", "ck_" + "a".repeat(40));
      body.put("consumerSecret", "cs_" + "b".repeat(40));
    }
    store
        .storeAdmin()
        .body(body)
        .put(admin(store))
        .then()
        .statusCode(200)
        .body("state", equalTo("CONNECTED"))
        .body("settings.siteUrl", equalTo(site));
    return new Shop(store, site, path, secret);
  }

  private static String admin(TestStore store) {
    return "/api/v1/admin/stores/" + store.slug() + "/connectors/woocommerce";
  }

  private static void stubOrders(String path, int page, int totalPages, String body) {
    woo.stubFor(
        get(urlPathEqualTo(path + "/wp-json/wc/v3/orders"))
            .withQueryParam(
                "page",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(Integer.toString(page)))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("X-WP-TotalPages", Integer.toString(totalPages))
                    .withBody(body)));
  }

  private static ValidatableResponse send(Shop shop, String topic, byte[] body, String signature) {
    return given()
        .contentType(ContentType.JSON)
        .header("X-WC-Webhook-Source", shop.site() + "/")
        .header("X-WC-Webhook-Topic", topic)
        .header("X-WC-Webhook-Resource", "order")
        .header("X-WC-Webhook-Event", topic.substring(topic.indexOf('.') + 1))
        .header("X-WC-Webhook-ID", "3")
        .header("X-WC-Webhook-Delivery-ID", "36e520ebabc2fa725092ff4a47acedf2")
        .header("X-WC-Webhook-Signature", signature)
        .body(body)
        .post(Woo.WEBHOOK_PATH)
        .then();
  }

  private static ValidatableResponse signed(Shop shop, String topic, ObjectNode order) {
    byte[] body = WooFixtures.bytes(order);
    return send(shop, topic, body, ConnectorWebhooks.sign(shop.secret(), body));
  }

  private void drain() {
    worker.drainOnce().await().atMost(WAIT);
  }

  /** Drains once more (a read-back that timed out is retried by the inbox); always true. */
  private boolean drained() {
    drain();
    return true;
  }

  /** Runs a job as its scheduler does, on a Vert.x context. */
  private static void run(java.util.function.Supplier<io.smallrye.mutiny.Uni<Void>> job)
      throws Throwable {
    io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(job);
  }

  /** The order once the worker (which the webhook woke, too) has applied what it waits for. */
  private static ValidatableResponse order(Shop shop, String number) {
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(() -> shop.store().merchant().get("/api/v1/orders/" + number).statusCode() == 200);
    return shop.store().merchant().get("/api/v1/orders/" + number).then();
  }

  private static void absent(Shop shop, String number) {
    shop.store().merchant().get("/api/v1/orders/" + number).then().statusCode(404);
  }

  private static String at(int minutes) {
    return GMT.format(
        OffsetDateTime.now(ZoneOffset.UTC).withNano(0).minusDays(1).plusMinutes(minutes));
  }

  @Test
  void aSignedOrderWebhookIsStoredThenAppliedWithItsShipments() {
    Shop shop = connect(false);

    signed(shop, "order.created", WooFixtures.order(727, "completed", at(0)))
        .statusCode(200)
        .body("outcome", equalTo("stored"));
    drain();

    order(shop, "727")
        .statusCode(200)
        .body("customer.email", equalTo("john.doe@example.com"))
        .body("shippingAddress.postalCode", equalTo("94103"))
        .body("items[0].imageUrl", containsString("T_2_front.jpg"))
        .body("shipments.trackingNumber", hasItem("9400111899223100001234"))
        .body("shipments.carrier", hasItem("usps"));
    shop.store()
        .storeAdmin()
        .get(admin(shop.store()))
        .then()
        .statusCode(200)
        .body("eventsReceived", equalTo(1))
        .body("webhookUrl", containsString(Woo.WEBHOOK_PATH))
        .body(not(containsString(shop.secret())));
  }

  @Test
  void aTamperedBodyOrAWrongSecretIsRefusedAndNothingIsStored() {
    Shop shop = connect(false);
    byte[] body = WooFixtures.bytes(WooFixtures.order(801, "processing", at(0)));
    String good = ConnectorWebhooks.sign(shop.secret(), body);
    byte[] tampered = new String(body).replace("john.doe@", "eve@").getBytes();

    send(shop, "order.created", tampered, good)
        .statusCode(401)
        .contentType("application/problem+json");
    send(shop, "order.created", body, ConnectorWebhooks.sign("another-secret", body))
        .statusCode(401);
    send(shop, "order.created", body, "").statusCode(401);
    drain();

    absent(shop, "801");
  }

  @Test
  void theUnsignedCreationPingIsAnsweredAndNothingIsStored() {
    Shop shop = connect(false);

    given()
        .contentType("application/x-www-form-urlencoded")
        .body("webhook_id=12")
        .post(Woo.WEBHOOK_PATH)
        .then()
        .statusCode(200)
        .body("outcome", equalTo("ping"));

    shop.store()
        .storeAdmin()
        .get(admin(shop.store()))
        .then()
        .body("inbox.pending", equalTo(0))
        .body("eventsReceived", equalTo(0));
  }

  @Test
  void aRetriedWebhookIsStoredOnceAndAnOlderVersionNeverOverwritesANewer() {
    Shop shop = connect(false);
    ObjectNode older = WooFixtures.order(802, "processing", at(0));
    ObjectNode newer = WooFixtures.order(802, "processing", at(5));
    ((ObjectNode) newer.get("billing")).put("first_name", "Jane");

    signed(shop, "order.updated", newer).statusCode(200).body("outcome", equalTo("stored"));
    signed(shop, "order.updated", newer).statusCode(200).body("outcome", equalTo("duplicate"));
    drain();
    signed(shop, "order.updated", older).statusCode(200).body("outcome", equalTo("stored"));
    drain();

    order(shop, "802").statusCode(200).body("customer.name", equalTo("Jane Doe"));
  }

  @Test
  void aCancelledOrderIsShownAsCancelled() {
    Shop shop = connect(false);
    signed(shop, "order.created", WooFixtures.order(803, "processing", at(0))).statusCode(200);
    drain();
    order(shop, "803");
    signed(shop, "order.updated", WooFixtures.order(803, "cancelled", at(1))).statusCode(200);
    drain();

    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                shop.store()
                        .merchant()
                        .get("/api/v1/orders/803")
                        .then()
                        .extract()
                        .path("cancelledAt")
                    != null);
  }

  @Test
  void aBinnedOrderIsShownCancelledAndRestoringItUndoesThat() {
    Shop shop = connect(true);
    signed(shop, "order.created", WooFixtures.order(807, "processing", at(0))).statusCode(200);
    drain();
    order(shop, "807");
    // WooCommerce sends order.deleted with the id only; the order, read back, is in the bin.
    woo.stubFor(
        get(urlPathEqualTo(shop.path() + "/wp-json/wc/v3/orders/807"))
            .willReturn(okJson(WooFixtures.order(807, "trash", at(1)).toString())));
    ObjectNode deleted = WooFixtures.JSON.createObjectNode().put("id", 807);
    signed(shop, "order.deleted", deleted).statusCode(200);
    drain();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                drained()
                    && shop.store()
                            .merchant()
                            .get("/api/v1/orders/807")
                            .then()
                            .extract()
                            .path("cancelledAt")
                        != null);

    signed(shop, "order.restored", WooFixtures.order(807, "processing", at(2))).statusCode(200);
    drain();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                drained()
                    && shop.store()
                            .merchant()
                            .get("/api/v1/orders/807")
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("cancelledAt")
                        == null);
    String token =
        shop.store().merchant().get("/api/v1/orders/807").then().extract().path("trackingToken");
    given()
        .get("/api/v1/tracking/" + token)
        .then()
        .statusCode(200)
        .body("cancelled", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void anUnpaidOrderIsNotImported() {
    Shop shop = connect(false);
    signed(shop, "order.created", WooFixtures.order(804, "pending", at(0))).statusCode(200);
    drain();

    absent(shop, "804");
  }

  @Test
  void aWebhookSignedForOneStoreNeverTouchesAnother() {
    Shop a = connect(false);
    Shop b = connect(false);
    byte[] body = WooFixtures.bytes(WooFixtures.order(805, "processing", at(0)));

    // Naming B's site with A's signature.
    send(b, "order.created", body, ConnectorWebhooks.sign(a.secret(), body)).statusCode(401);
    send(a, "order.created", body, ConnectorWebhooks.sign(a.secret(), body)).statusCode(200);
    drain();

    order(a, "805").statusCode(200);
    absent(b, "805");
  }

  @Test
  void theSweepAppliesAnOrderNoWebhookBroughtAndReportsADisabledWebhook() throws Throwable {
    Shop shop = connect(true);
    run(backfill::run);
    ArrayNode missed = WooFixtures.JSON.createArrayNode();
    missed.add(WooFixtures.order(806, "completed", at(10)));
    stubOrders(shop.path(), 1, 1, missed.toString());
    woo.stubFor(
        get(urlPathEqualTo(shop.path() + "/wp-json/wc/v3/webhooks"))
            .willReturn(
                okJson(
                    "[{\"id\":3,\"name\":\"Order updated\",\"status\":\"disabled\",\"topic\":"
                        + "\"order.updated\",\"resource\":\"order\",\"event\":\"updated\","
                        + "\"hooks\":[\"woocommerce_update_order\"],\"delivery_url\":"
                        + "\"https://waybill.example.com/connectors/woocommerce/webhooks\"}]")));

    run(sweep::run);

    order(shop, "806").statusCode(200);
    shop.store()
        .storeAdmin()
        .get(admin(shop.store()) + "/sweep")
        .then()
        .statusCode(200)
        .body("lastFound", equalTo(1))
        .body("webhooks", containsString("order.updated: disabled"));
    shop.store()
        .storeAdmin()
        .get(admin(shop.store()))
        .then()
        .body("lastError", containsString("disabled"));
  }

  @Test
  void theBackfillImportsEveryPageAndShowsItsProgress() throws Throwable {
    Shop shop = connect(true);
    for (int page = 1; page <= 3; page++) {
      ArrayNode orders = WooFixtures.JSON.createArrayNode();
      for (int i = 0; i < 2; i++) {
        long id = 900 + page * 10 + i;
        orders.add(WooFixtures.untracked(id, "processing", at(page * 10 + i)));
      }
      stubOrders(shop.path(), page, 3, orders.toString());
    }

    run(backfill::run);

    for (long id : new long[] {910, 911, 920, 921, 930, 931}) {
      order(shop, Long.toString(id)).statusCode(200);
    }
    shop.store()
        .storeAdmin()
        .get(admin(shop.store()))
        .then()
        .body("backfill.state", equalTo("DONE"))
        .body("backfill.imported", equalTo(6));
    // Run again: nothing changes, nothing counts twice.
    run(backfill::run);
    int imported =
        shop.store()
            .storeAdmin()
            .get(admin(shop.store()))
            .then()
            .extract()
            .path("backfill.imported");
    assertEquals(6, imported, "a finished import is not run again");
  }

  @Test
  void aSiteUrlWithoutHttpsOrAHalfKeyIsRefusedNamingTheField() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body(Map.of("siteUrl", "http://shop.example.com", "webhookSecret", "whsec-12345678"))
        .put(admin(store))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body(containsString("siteUrl"));
    store
        .storeAdmin()
        .body(
            Map.of(
                "siteUrl",
                "https://shop.example.com",
                "webhookSecret",
                "whsec-12345678",
                "consumerKey",
                "ck_" + "a".repeat(40)))
        .put(admin(store))
        .then()
        .statusCode(400)
        .body(containsString("consumerSecret"));
  }
}
