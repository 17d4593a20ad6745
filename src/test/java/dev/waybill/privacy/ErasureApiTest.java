package dev.waybill.privacy;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.support.CaseType;
import dev.waybill.support.ContactChannel;
import dev.waybill.support.NewCase;
import dev.waybill.support.SupportCases;
import dev.waybill.testing.Management;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GDPR erasure through the admin API, end to end. */
@QuarkusTest
class ErasureApiTest {

  @Inject Pool pool;
  @Inject SupportCases cases;

  static Map<String, Object> order(String number, String email, String phone) {
    Map<String, Object> body = new HashMap<>(TestStores.order(number, email, "10115"));
    body.put("customer", Map.of("name", "Ada Lovelace", "email", email, "phone", phone));
    body.put(
        "shippingAddress",
        Map.of(
            "name", "Ada Lovelace",
            "line1", "12 Invalidenstraße",
            "city", "Berlin",
            "region", "BE",
            "postalCode", "10115",
            "country", "DE"));
    body.put(
        "shipments", List.of(Map.of("carrier", "ups", "trackingNumber", TestStores.upsNumber())));
    return body;
  }

  private Row orderRow(String number) {
    return pool.preparedQuery(
            "SELECT o.*, s.destination_postal_code, s.destination_city, s.destination_region"
                + " FROM orders o LEFT JOIN shipments s ON s.order_id = o.id"
                + " WHERE o.order_number = $1")
        .execute(Tuple.of(number))
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next();
  }

  private static UUID storeId(TestStore store) {
    return TestStores.platformAdmin()
        .get("/api/v1/admin/stores/" + store.slug())
        .then()
        .extract()
        .jsonPath()
        .getUUID("id");
  }

  @Test
  void erasureRemovesTheShoppersDataEverywhereReportsItAndIsSafeToRepeat() {
    TestStore store = TestStores.create();
    String email = "erase-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String phone = "+49151" + (10_000_000 + (int) (Math.random() * 80_000_000));
    String number = TestStores.orderNumber();
    String kept = TestStores.orderNumber();
    store
        .merchant()
        .header("Idempotency-Key", "erase-" + number)
        .body(order(number, email, phone))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    store
        .merchant()
        .body(order(kept, "someone-else@example.com", "+4915199999999"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    String token =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
    cases
        .open(
            new NewCase(
                storeId(store),
                number,
                null,
                CaseType.NOT_RECEIVED,
                "Please ring twice, I live at 12 Invalidenstraße",
                ContactChannel.PHONE,
                null,
                phone,
                "en",
                "{\"orderNumber\":\""
                    + number
                    + "\",\"token\":\""
                    + token
                    + "\","
                    + "\"destination\":{\"city\":\"Berlin\",\"postalCode\":\"10115\","
                    + "\"country\":\"DE\"}}",
                UUID.randomUUID().toString()))
        .await()
        .atMost(Duration.ofSeconds(10));
    // Support's note on the parcel, and carrier pushes not yet applied that name it and the other
    // shopper's parcel (leased, so no worker applies them meanwhile).
    String shipmentId =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("shipments[0].id");
    String tracking =
        store
            .merchant()
            .get("/api/v1/orders/" + number)
            .then()
            .extract()
            .path("shipments[0].trackingNumber");
    String keptTracking =
        store
            .merchant()
            .get("/api/v1/orders/" + kept)
            .then()
            .extract()
            .path("shipments[0].trackingNumber");
    sql(
        "INSERT INTO shipment_notes (id, shipment_id, store_id, author, body)"
            + " VALUES ($1, $2, $3, 'agent@example.com', 'Neighbour at no. 14 took it')",
        UUID.randomUUID(),
        UUID.fromString(shipmentId),
        storeId(store));
    String push = pendingPush(tracking);
    String keptPush = pendingPush(keptTracking);
    // Cached in Redis and in memory.
    lookup(store, number, email).then().statusCode(200);
    lookup(store, number, email).then().statusCode(200);

    store
        .storeAdmin()
        .body(Map.of("email", email.toUpperCase(java.util.Locale.ROOT), "phone", phone))
        .post("/api/v1/admin/privacy/erasures")
        .then()
        .statusCode(200)
        .body("orders", equalTo(1))
        .body("shipments", equalTo(1))
        .body("supportCases", equalTo(1))
        .body("idempotencyRecords", equalTo(1))
        .body("cachedLookups", equalTo(1))
        .body("shipmentNotes", equalTo(1))
        .body("carrierPushes", equalTo(1));

    Row o = orderRow(number);
    assertEquals("", o.getString("customer_email"));
    assertEquals("", o.getString("customer_name"));
    assertNull(o.getString("customer_phone"));
    assertNull(o.getString("ship_line1"));
    assertNull(o.getString("ship_name"));
    assertNull(o.getString("ship_city"));
    assertNotNull(o.getOffsetDateTime("anonymized_at"));
    // What statistics group by stays: country, region and the postal prefix.
    assertEquals("10", o.getString("ship_postal_code"));
    assertEquals("DE", o.getString("ship_country"));
    assertEquals("BE", o.getString("ship_region"));
    Row c =
        pool.preparedQuery("SELECT * FROM support_cases WHERE order_id = $1")
            .execute(Tuple.of(o.getUUID("id")))
            .await()
            .atMost(Duration.ofSeconds(10))
            .iterator()
            .next();
    assertNull(c.getString("contact_phone"));
    assertEquals("", c.getString("message"));
    assertFalse(c.getString("context").contains("Berlin"), c.getString("context"));
    assertFalse(c.getString("context").contains(token), "the link is gone from the snapshot");
    assertEquals(
        0L,
        pool.preparedQuery(
                "SELECT count(*) FROM idempotency_keys WHERE strpos(lower(response_body), $1) > 0")
            .execute(Tuple.of(email))
            .await()
            .atMost(Duration.ofSeconds(10))
            .iterator()
            .next()
            .getLong(0));

    assertEquals(
        "",
        sql("SELECT body FROM shipment_notes WHERE shipment_id = $1", UUID.fromString(shipmentId))
            .getString("body"));
    Row erasedPush = sql("SELECT * FROM webhook_inbox WHERE external_id = $1", push);
    assertNull(erasedPush.getString("payload"), "the push naming the parcel is cleared");
    assertNotNull(erasedPush.getOffsetDateTime("processed_at"), "and never applied");
    assertTrue(
        sql("SELECT payload FROM webhook_inbox WHERE external_id = $1", keptPush)
            .getString("payload")
            .contains("Grace Hopper"),
        "another parcel's push is untouched");

    // The shopper's email finds nothing now, cache or not, and old links stop working.
    lookup(store, number, email).then().statusCode(404);
    RestAssured.get("/api/v1/tracking/" + token).then().statusCode(404);
    store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("postalCode", "10")
        .get("/api/v1/tracking")
        .then()
        .statusCode(404);
    // Other shoppers are untouched.
    assertEquals("someone-else@example.com", orderRow(kept).getString("customer_email"));
    lookup(store, kept, "someone-else@example.com").then().statusCode(200);

    // A repeat finds nothing left.
    store
        .storeAdmin()
        .body(Map.of("email", email))
        .post("/api/v1/admin/privacy/erasures")
        .then()
        .statusCode(200)
        .body("orders", equalTo(0))
        .body("supportCases", equalTo(0))
        .body("idempotencyRecords", equalTo(0))
        .body("shipmentNotes", equalTo(0))
        .body("carrierPushes", equalTo(0));
  }

  /** An EasyPost push about this parcel, stored and leased but not yet applied; its id. */
  private String pendingPush(String tracking) {
    String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
    sql(
        "INSERT INTO webhook_inbox (id, source, external_id, payload, claimed_until)"
            + " VALUES ($1, 'easypost', $2, $3, now() + interval '1 hour')",
        UUID.randomUUID(),
        id,
        "{\"id\":\""
            + id
            + "\",\"result\":{\"tracking_code\":\""
            + tracking
            + "\",\"signed_by\":\"Grace Hopper\"}}");
    return id;
  }

  /** Runs one statement; its first row, if any. */
  private Row sql(String statement, Object... values) {
    var rows =
        pool.preparedQuery(statement)
            .execute(Tuple.from(values))
            .await()
            .atMost(Duration.ofSeconds(10))
            .iterator();
    return rows.hasNext() ? rows.next() : null;
  }

  @Test
  void anErasureNeedsAnEmailOrAPhoneAndAnAdminKey() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body(Map.of())
        .post("/api/v1/admin/privacy/erasures")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("email"));
    store
        .storeAdmin()
        .body(Map.of("email", "not-an-email", "phone", "x"))
        .post("/api/v1/admin/privacy/erasures")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("email"))
        .body("errors.field", hasItem("phone"));
    store
        .merchant()
        .body(Map.of("email", "ada@example.com"))
        .post("/api/v1/admin/privacy/erasures")
        .then()
        .statusCode(403);
    RestAssured.given()
        .contentType("application/json")
        .body(Map.of("email", "ada@example.com"))
        .post("/api/v1/admin/privacy/erasures")
        .then()
        .statusCode(401);
  }

  @Test
  void theErasureAndTheRateLimitsAreDocumentedInOpenApi() {
    Management.given()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body(containsString("/api/v1/admin/privacy/erasures"))
        .body(containsString("ErasureReport"))
        .body(containsString("Retry-After"))
        .body(containsString("RateLimit-Policy"));
  }

  private static io.restassured.response.Response lookup(
      TestStore store, String number, String email) {
    return store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", email)
        .get("/api/v1/tracking");
  }
}
