package dev.waybill.connectors.shopify;

import static dev.waybill.connectors.shopify.ShopifyMapperTest.fixture;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.carriers.WebhookWorker;
import dev.waybill.connectors.ConnectorWebhooks;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A store connected to Shopify, with Shopify's webhooks signed as Shopify signs them. */
@QuarkusTest
class ShopifyConnectorTest {

  @Inject WebhookWorker worker;

  private static final String SECRET = "shpss_" + "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";

  record Shop(TestStore store, String domain, String secret) {}

  static Shop connect() {
    return connect(SECRET);
  }

  static Shop connect(String secret) {
    TestStore store = TestStores.create();
    String domain = "t-" + UUID.randomUUID().toString().substring(0, 8) + ".myshopify.com";
    store
        .storeAdmin()
        .body(Map.of("shopDomain", domain, "webhookSecret", secret))
        .put("/api/v1/admin/stores/" + store.slug() + "/connectors/shopify")
        .then()
        .statusCode(200);
    return new Shop(store, domain, secret);
  }

  static Response send(Shop shop, String topic, String eventId, String body) {
    return send(shop.domain(), shop.secret(), topic, eventId, body);
  }

  static Response send(String domain, String secret, String topic, String eventId, String body) {
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    return given()
        .contentType("application/json")
        .header("X-Shopify-Shop-Domain", domain)
        .header("X-Shopify-Topic", topic)
        .header("X-Shopify-Hmac-Sha256", ConnectorWebhooks.sign(secret, raw))
        .header("X-Shopify-Event-Id", eventId)
        .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
        .header("X-Shopify-API-Version", "2025-07")
        .body(raw)
        .post("/connectors/shopify/webhooks");
  }

  static JsonObject order(String name, String email, String updatedAt) {
    return new JsonObject(fixture("order.json"))
        .put("id", Math.abs(UUID.randomUUID().getMostSignificantBits()))
        .put("name", name)
        .put("email", email)
        .put("updated_at", updatedAt);
  }

  static String name() {
    return "#" + (100000 + (int) (Math.random() * 800000));
  }

  void drain() {
    worker.drainOnce().await().atMost(Duration.ofSeconds(20));
  }

  static ValidatableResponse connection(Shop shop) {
    return shop.store()
        .storeAdmin()
        .get("/api/v1/admin/stores/" + shop.store().slug() + "/connectors/shopify")
        .then();
  }

  static Response merchantOrder(Shop shop, String name) {
    return shop.store().merchant().get("/api/v1/orders/{n}", name);
  }

  @Test
  void connectingValidatesTheShopDomainNamingTheField() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body(Map.of("shopDomain", "northwind.example.com", "webhookSecret", SECRET))
        .put("/api/v1/admin/stores/" + store.slug() + "/connectors/shopify")
        .then()
        .statusCode(400)
        .contentType(containsString("application/problem+json"))
        .body(containsString("shopDomain"));
  }

  @Test
  void theConnectionShowsStateAndWebhookUrlButNeverItsSecrets() {
    Shop shop = connect();
    String body =
        connection(shop)
            .statusCode(200)
            .body("state", equalTo("CONNECTED"))
            .body("settings.shopDomain", equalTo(shop.domain()))
            .body("webhookUrl", endsWith("/connectors/shopify/webhooks"))
            .body("credentials.find { it.field == 'webhookSecret' }.set", equalTo(true))
            .body("credentials.find { it.field == 'webhookSecret' }.hint", equalTo("…c5d6"))
            .body("credentials.find { it.field == 'accessToken' }.set", equalTo(false))
            .extract()
            .asString();
    assertEquals(false, body.contains(SECRET), "the secret is never returned");

    // The same request again changes nothing.
    shop.store()
        .storeAdmin()
        .body(Map.of("shopDomain", shop.domain(), "webhookSecret", SECRET))
        .put("/api/v1/admin/stores/" + shop.store().slug() + "/connectors/shopify")
        .then()
        .statusCode(200)
        .body("state", equalTo("CONNECTED"))
        .body(not(containsString(SECRET)));
  }

  @Test
  void aShopConnectedToOneStoreCannotBeConnectedToAnother() {
    Shop shop = connect();
    TestStore other = TestStores.create();
    other
        .storeAdmin()
        .body(Map.of("shopDomain", shop.domain(), "webhookSecret", SECRET))
        .put("/api/v1/admin/stores/" + other.slug() + "/connectors/shopify")
        .then()
        .statusCode(409);
  }

  @Test
  void aSignedOrderBecomesAnOrderAndItsFulfillmentBecomesAShipment() {
    Shop shop = connect();
    String name = name();
    JsonObject order = order(name, "steve@example.com", "2026-01-05T10:00:00-05:00");
    send(shop, "orders/create", UUID.randomUUID().toString(), order.encode())
        .then()
        .statusCode(200)
        .body("outcome", equalTo("stored"));
    drain();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                merchantOrder(shop, name)
                    .then()
                    .statusCode(200)
                    .body("customer.email", equalTo("steve@example.com"))
                    .body("locale", equalTo("en"))
                    .body("shippingAddress.postalCode", equalTo("40003"))
                    .body("items[1].imageUrl", containsString("ipod-nano.jpg")));

    String number = TestStores.upsNumber();
    JsonObject fulfillment =
        new JsonObject(fixture("fulfillment.json"))
            .put("order_id", order.getLong("id"))
            .put("name", name + ".1")
            .put("tracking_numbers", new JsonArray().add(number))
            .put("tracking_number", number)
            .put("tracking_urls", new JsonArray().add("https://www.ups.com/track?n=" + number))
            .put("shipment_status", "in_transit")
            .put("updated_at", "2026-01-06T10:00:00-05:00");
    send(shop, "fulfillments/create", UUID.randomUUID().toString(), fulfillment.encode())
        .then()
        .statusCode(200);
    drain();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                merchantOrder(shop, name)
                    .then()
                    .body("shipments[0].trackingNumber", equalTo(number))
                    .body("shipments[0].carrier", equalTo("ups"))
                    .body("shipments[0].carrierLink", endsWith(number))
                    .body("shipments[0].status", equalTo("IN_TRANSIT")));
    connection(shop).body("lastEventAt", notNullValue()).body("eventsReceived", equalTo(2));
  }

  @Test
  void aTamperedBodyOrAWrongSecretIsRefusedAndNothingIsStored() {
    Shop shop = connect();
    String body = order(name(), "t@example.com", "2026-01-05T10:00:00Z").encode();
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    given()
        .contentType("application/json")
        .header("X-Shopify-Shop-Domain", shop.domain())
        .header("X-Shopify-Topic", "orders/create")
        .header("X-Shopify-Hmac-Sha256", ConnectorWebhooks.sign(SECRET, raw))
        .header("X-Shopify-Event-Id", UUID.randomUUID().toString())
        .body(body.replace("t@example.com", "x@example.com"))
        .post("/connectors/shopify/webhooks")
        .then()
        .statusCode(401);
    send(shop.domain(), "wrong-secret-0000", "orders/create", "e1", body).then().statusCode(401);
    given()
        .contentType("application/json")
        .header("X-Shopify-Shop-Domain", shop.domain())
        .header("X-Shopify-Topic", "orders/create")
        .body(body)
        .post("/connectors/shopify/webhooks")
        .then()
        .statusCode(401);
    connection(shop)
        .body("inbox.pending", equalTo(0))
        .body("inbox.parked", equalTo(0))
        .body("eventsReceived", equalTo(0));
  }

  @Test
  void aRetriedWebhookIsStoredOnceAndAnOlderUpdateNeverOverwritesANewerOne() {
    Shop shop = connect();
    String name = name();
    JsonObject newer = order(name, "new@example.com", "2026-01-05T12:00:00Z");
    JsonObject older =
        newer.copy().put("email", "old@example.com").put("updated_at", "2026-01-05T11:00:00Z");
    String event = UUID.randomUUID().toString();
    send(shop, "orders/updated", event, newer.encode()).then().statusCode(200);
    send(shop, "orders/updated", event, newer.encode())
        .then()
        .statusCode(200)
        .body("outcome", equalTo("duplicate"));
    drain();
    send(shop, "orders/updated", UUID.randomUUID().toString(), older.encode())
        .then()
        .statusCode(200);
    drain();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> connection(shop).body("inbox.pending", equalTo(0)));
    merchantOrder(shop, name)
        .then()
        .statusCode(200)
        .body("customer.email", equalTo("new@example.com"));
  }

  @Test
  void aCancelledOrderIsShownCancelled() {
    Shop shop = connect();
    String name = name();
    JsonObject order = order(name, "c@example.com", "2026-01-05T10:00:00Z");
    send(shop, "orders/create", UUID.randomUUID().toString(), order.encode())
        .then()
        .statusCode(200);
    drain();
    send(
            shop,
            "orders/cancelled",
            UUID.randomUUID().toString(),
            order
                .copy()
                .put("cancelled_at", "2026-01-05T11:00:00Z")
                .put("updated_at", "2026-01-05T11:00:00Z")
                .encode())
        .then()
        .statusCode(200);
    drain();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> merchantOrder(shop, name).then().body("cancelledAt", notNullValue()));

    String token = merchantOrder(shop, name).then().extract().path("trackingToken");
    given()
        .get("/api/v1/tracking/" + token)
        .then()
        .statusCode(200)
        .body("cancelled", equalTo(true))
        .body("statusLabel", equalTo("Cancelled"))
        .body("cancelledNotice", containsString("cancelled by the store"));
    String page = given().get("/t/" + token).then().statusCode(200).extract().asString();
    assertEquals(true, page.contains("cancelled by the store"), "the page says so");
    assertEquals(false, page.contains("data-live"), "the page stops checking for updates");
    given()
        .get("/t/" + token + "?locale=de")
        .then()
        .statusCode(200)
        .body(containsString("Storniert"))
        .body(containsString("vom Shop storniert"));
  }

  @Test
  void customersRedactErasesTheShopper() {
    Shop shop = connect();
    String name = name();
    String email = "redact-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
    send(
            shop,
            "orders/create",
            UUID.randomUUID().toString(),
            order(name, email, "2026-01-05T10:00:00Z").encode())
        .then()
        .statusCode(200);
    drain();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> merchantOrder(shop, name).then().statusCode(200));
    JsonObject redact = new JsonObject(fixture("customers-redact.json"));
    redact.getJsonObject("customer").put("email", email).putNull("phone");
    redact.put("shop_domain", shop.domain());
    send(shop, "customers/redact", UUID.randomUUID().toString(), redact.encode())
        .then()
        .statusCode(200);
    drain();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> merchantOrder(shop, name).then().body("customer.email", equalTo("")));
  }

  @Test
  void aCustomerDataRequestIsRecordedWithTheOrdersHeldAndTheirExport() {
    Shop shop = connect();
    String name = name();
    String email = "dsar-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
    send(
            shop,
            "orders/create",
            UUID.randomUUID().toString(),
            order(name, email, "2026-01-05T10:00:00Z").encode())
        .then()
        .statusCode(200);
    drain();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> merchantOrder(shop, name).then().statusCode(200));
    JsonObject request = new JsonObject(fixture("customers-data-request.json"));
    request.put("shop_domain", shop.domain());
    request.getJsonObject("customer").put("email", email.toUpperCase(java.util.Locale.ROOT));
    String body = request.encode();
    // Shopify retries: the same request twice is one entry.
    send(shop, "customers/data_request", UUID.randomUUID().toString(), body).then().statusCode(200);
    send(shop, "customers/data_request", UUID.randomUUID().toString(), body).then().statusCode(200);
    drain();
    String slug = shop.store().slug();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                shop.store()
                    .storeAdmin()
                    .get("/api/v1/admin/stores/" + slug + "/connectors/shopify/data-requests")
                    .then()
                    .statusCode(200)
                    .body("size()", equalTo(1))
                    .body("[0].shopifyRequestId", equalTo("9999"))
                    .body("[0].ordersRequested", org.hamcrest.Matchers.hasItem("299938"))
                    .body("[0].ordersHeld", org.hamcrest.Matchers.contains(name))
                    .body("[0].export.orders[0].orderNumber", equalTo(name))
                    .body("[0].export.orders[0].email", equalTo(email))
                    .body("[0].export.orders[0].shippingAddress.postalCode", equalTo("40003"))
                    .body(
                        "[0].export.orders[0].items.size()", org.hamcrest.Matchers.greaterThan(0)));
    // Another store sees none of it.
    TestStores.create()
        .storeAdmin()
        .get("/api/v1/admin/stores/" + slug + "/connectors/shopify/data-requests")
        .then()
        .statusCode(404);
  }

  @Test
  void uninstallingTheAppStopsOrdersButPrivacyWebhooksStillArrive() {
    Shop shop = connect();
    JsonObject shopPayload =
        new JsonObject(fixture("app-uninstalled.json")).put("myshopify_domain", shop.domain());
    send(shop, "app/uninstalled", UUID.randomUUID().toString(), shopPayload.encode())
        .then()
        .statusCode(200);
    drain();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                connection(shop)
                    .body("state", equalTo("UNINSTALLED"))
                    .body("credentials.find { it.field == 'webhookSecret' }.set", equalTo(true)));
    String name = name();
    send(
            shop,
            "orders/create",
            UUID.randomUUID().toString(),
            order(name, "u@example.com", "2026-01-05T10:00:00Z").encode())
        .then()
        .statusCode(200);
    drain();
    merchantOrder(shop, name).then().statusCode(404);

    shop.store()
        .storeAdmin()
        .delete("/api/v1/admin/stores/" + shop.store().slug() + "/connectors/shopify")
        .then()
        .statusCode(200)
        .body("state", equalTo("DISCONNECTED"))
        .body("credentials.find { it.field == 'webhookSecret' }.set", equalTo(false));
    send(shop, "customers/redact", UUID.randomUUID().toString(), fixture("customers-redact.json"))
        .then()
        .statusCode(401);
  }

  @Test
  void aPayloadSignedForOneStoreNeverTouchesAnother() {
    Shop a = connect();
    Shop b = connect("shpss_" + "ffffeeeeddddccccbbbbaaaa99998888");
    String name = name();
    String body = order(name, "a@example.com", "2026-01-05T10:00:00Z").encode();
    // Signed with A's secret but naming B's shop: refused.
    send(b.domain(), a.secret(), "orders/create", UUID.randomUUID().toString(), body)
        .then()
        .statusCode(401);
    send(a, "orders/create", UUID.randomUUID().toString(), body).then().statusCode(200);
    drain();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> merchantOrder(a, name).then().statusCode(200));
    merchantOrder(b, name).then().statusCode(404);
  }

  @Test
  void anUnreadablePayloadIsParkedShownAndReplayable() {
    Shop shop = connect();
    send(shop, "orders/create", UUID.randomUUID().toString(), "{\"id\": 1}").then().statusCode(200);
    drain();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                connection(shop)
                    .body("inbox.parked", equalTo(1))
                    .body("lastError", containsString("orders/create")));
    Map<String, Object> none = new HashMap<>();
    shop.store()
        .storeAdmin()
        .body(none)
        .post("/api/v1/admin/stores/" + shop.store().slug() + "/connectors/shopify/replay")
        .then()
        .statusCode(200)
        .body("replayed", equalTo(1));
  }

  @Test
  void anotherStoresAdminKeyCannotSeeTheConnection() {
    Shop shop = connect();
    TestStore other = TestStores.create();
    other
        .storeAdmin()
        .get("/api/v1/admin/stores/" + shop.store().slug() + "/connectors/shopify")
        .then()
        .statusCode(404);
    shop.store()
        .merchant()
        .get("/api/v1/admin/stores/" + shop.store().slug() + "/connectors/shopify")
        .then()
        .statusCode(403);
  }
}
