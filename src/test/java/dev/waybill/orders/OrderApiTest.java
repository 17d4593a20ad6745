package dev.waybill.orders;

import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrderApiTest {

  @Test
  void createdOrderCanBeReadBack() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    store
        .merchant()
        .body(order(number, "ada@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201)
        .header("Location", containsString("/api/v1/orders/" + number))
        .body("orderNumber", equalTo(number))
        .body("status", equalTo("ORDER_RECEIVED"))
        .body("trackingToken", notNullValue());
    store
        .merchant()
        .get("/api/v1/orders/" + number)
        .then()
        .statusCode(200)
        .body("customer.email", equalTo("ada@example.com"))
        .body("items[0].sku", equalTo("TR2-42"))
        .body("shippingAddress.country", equalTo("DE"))
        .body("notifications.email", equalTo(true))
        .body("notifications.sms", equalTo(false));
  }

  @Test
  void invalidFieldsAreAllNamed() {
    TestStore store = TestStores.create();
    Map<String, Object> body = new HashMap<>(order(orderNumber(), "not-an-email", "10115"));
    body.put("shippingAddress", Map.of("postalCode", "10115", "country", "XX"));
    body.put("items", List.of(Map.of("name", "Socks", "quantity", 0)));
    body.put("locale", "german");
    store
        .merchant()
        .body(body)
        .post("/api/v1/orders")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body(
            "errors.field",
            hasItems("customer.email", "shippingAddress.country", "items[0].quantity", "locale"));
  }

  @Test
  void wrongJsonTypeNamesTheField() {
    TestStore store = TestStores.create();
    Map<String, Object> body = new HashMap<>(order(orderNumber(), "a@example.com", "10115"));
    body.put("items", List.of(Map.of("name", "Socks", "quantity", "lots")));
    store
        .merchant()
        .body(body)
        .post("/api/v1/orders")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("items[0].quantity"));
  }

  @Test
  void malformedJsonIsABadRequestNotAServerError() {
    TestStore store = TestStores.create();
    store
        .merchant()
        .body("{\"orderNumber\": ")
        .post("/api/v1/orders")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("body"));
  }

  @Test
  void missingBodyIsABadRequest() {
    TestStore store = TestStores.create();
    store.merchant().post("/api/v1/orders").then().statusCode(400);
  }

  @Test
  void oversizedBodyIsRejectedWith413() {
    TestStore store = TestStores.create();
    store
        .merchant()
        .body("{\"orderNumber\":\"" + "x".repeat(300_000) + "\"}")
        .post("/api/v1/orders")
        .then()
        .statusCode(413)
        .contentType("application/problem+json");
  }

  @Test
  void sameIdempotencyKeyAndBodyReturnsTheSameResponse() {
    TestStore store = TestStores.create();
    Map<String, Object> body = order(orderNumber(), "ada@example.com", "10115");
    Response first =
        store.merchant().header("Idempotency-Key", "key-1").body(body).post("/api/v1/orders");
    Response second =
        store.merchant().header("Idempotency-Key", "key-1").body(body).post("/api/v1/orders");
    assertEquals(201, first.statusCode());
    assertEquals(201, second.statusCode());
    assertEquals(first.asString(), second.asString());
    assertEquals("true", second.header("Idempotent-Replayed"));
  }

  @Test
  void sameIdempotencyKeyWithAnotherBodyIsAConflict() {
    TestStore store = TestStores.create();
    store
        .merchant()
        .header("Idempotency-Key", "key-2")
        .body(order(orderNumber(), "ada@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    store
        .merchant()
        .header("Idempotency-Key", "key-2")
        .body(order(orderNumber(), "ada@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(409)
        .body("type", containsString("idempotency-key-reused"));
  }

  @Test
  void idempotencyKeysAreScopedToTheStore() {
    TestStore a = TestStores.create();
    TestStore b = TestStores.create();
    a.merchant()
        .header("Idempotency-Key", "shared")
        .body(order(orderNumber(), "a@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    b.merchant()
        .header("Idempotency-Key", "shared")
        .body(order(orderNumber(), "b@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
  }

  @Test
  void duplicateOrderNumberIsAConflict() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    store
        .merchant()
        .body(order(number, "a@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    store
        .merchant()
        .body(order(number, "a@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(409)
        .body("type", containsString("order-exists"));
  }

  @Test
  void unknownOrderIsNotFound() {
    TestStore store = TestStores.create();
    store.merchant().get("/api/v1/orders/NOPE-1").then().statusCode(404);
  }

  @Test
  void listPagesThroughEveryOrderWithACursor() {
    TestStore store = TestStores.create();
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String number = orderNumber();
      created.add(number);
      Map<String, Object> body = new HashMap<>(order(number, "list@example.com", "10115"));
      body.put("placedAt", "2026-11-0" + (i + 1) + "T10:00:00Z");
      store.merchant().body(body).post("/api/v1/orders").then().statusCode(201);
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      var request = store.merchant().queryParam("limit", 2);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      var page = request.get("/api/v1/orders").then().statusCode(200).extract().jsonPath();
      seen.addAll(page.getList("items.orderNumber"));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    assertEquals(
        List.of(created.get(4), created.get(3), created.get(2), created.get(1), created.get(0)),
        seen);
  }

  @Test
  void listFiltersByStatusEmailAndDate() {
    TestStore store = TestStores.create();
    String shipped = orderNumber();
    TestStores.orderWithShipment(store, shipped, "filter@example.com", TestStores.upsNumber());
    store
        .merchant()
        .body(order(orderNumber(), "other@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    store
        .merchant()
        .queryParam("status", "INFO_RECEIVED")
        .get("/api/v1/orders")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].orderNumber", equalTo(shipped))
        .body("items[0].shipmentCount", equalTo(1));
    store
        .merchant()
        .queryParam("email", "FILTER@example.com")
        .get("/api/v1/orders")
        .then()
        .body("items", hasSize(1));
    store
        .merchant()
        .queryParam("placedFrom", "2999-01-01T00:00:00Z")
        .get("/api/v1/orders")
        .then()
        .body("items", hasSize(0))
        .body("nextCursor", nullValue());
  }

  @Test
  void badListParametersAreNamed() {
    TestStore store = TestStores.create();
    store
        .merchant()
        .queryParam("status", "LOST_IN_SPACE")
        .get("/api/v1/orders")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("status"));
    store
        .merchant()
        .queryParam("limit", 1000)
        .get("/api/v1/orders")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("limit"));
    store
        .merchant()
        .queryParam("placedFrom", "yesterday")
        .get("/api/v1/orders")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("placedFrom"));
    store
        .merchant()
        .queryParam("cursor", "garbage")
        .get("/api/v1/orders")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("cursor"));
  }

  @Test
  void addingTheSameShipmentTwiceIsSafe() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String tracking = TestStores.upsNumber();
    String id = TestStores.orderWithShipment(store, number, "a@example.com", tracking);
    store
        .merchant()
        .body(Map.of("carrier", "ups", "trackingNumber", tracking))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(200)
        .body("id", equalTo(id));
    store.merchant().get("/api/v1/orders/" + number).then().body("shipments", hasSize(1));
  }

  @Test
  void carrierIsDetectedFromTheTrackingNumber() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    store
        .merchant()
        .body(order(number, "a@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    store
        .merchant()
        .body(Map.of("trackingNumber", TestStores.upsNumber()))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(201)
        .body("carrier", equalTo("ups"))
        .body("status", equalTo("INFO_RECEIVED"));
  }

  @Test
  void undetectableCarrierIsUnprocessable() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    store
        .merchant()
        .body(order(number, "a@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    store
        .merchant()
        .body(Map.of("trackingNumber", "ZZZZ-1234"))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(422)
        .body("type", containsString("carrier-not-detected"));
    store
        .merchant()
        .body(Map.of("carrier", "pigeon", "trackingNumber", "ZZZZ-1234"))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("carrier"));
  }

  @Test
  void ambiguousTrackingNumberListsTheCandidates() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    store
        .merchant()
        .body(order(number, "a@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    // A 22-digit "92" barcode: a USPS IMpb that FedEx SmartPost parcels also carry.
    store
        .merchant()
        .body(Map.of("trackingNumber", "9212391234567812345670"))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("candidates", hasItems("usps", "fedex"))
        .body("field", equalTo("carrier"));
  }

  @Test
  void trackingNumberOfAnotherOrderIsAConflict() {
    TestStore store = TestStores.create();
    String tracking = TestStores.upsNumber();
    TestStores.orderWithShipment(store, orderNumber(), "a@example.com", tracking);
    String second = orderNumber();
    store
        .merchant()
        .body(order(second, "a@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    store
        .merchant()
        .body(Map.of("carrier", "ups", "trackingNumber", tracking))
        .post("/api/v1/orders/" + second + "/shipments")
        .then()
        .statusCode(409);
  }

  @Test
  void theSameEventIsStoredOnce() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "a@example.com", TestStores.upsNumber());
    Map<String, Object> event =
        Map.of(
            "status", "PACKED", "occurredAt", "2026-11-20T09:00:00+01:00", "description", "Packed");
    store
        .merchant()
        .body(event)
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201)
        .body("created", equalTo(true))
        .body("event.occurredAt", equalTo("2026-11-20T09:00:00+01:00"))
        .body("shipment.status", equalTo("PACKED"));
    store
        .merchant()
        .body(event)
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(200)
        .body("created", equalTo(false));
  }

  @Test
  void aTrackingNumberHeldByAnotherOrderIsAConflictNamingThatOrderEvenOnRetry() {
    TestStore store = TestStores.create();
    String first = orderNumber();
    String tracking = TestStores.upsNumber();
    TestStores.orderWithShipment(store, first, "a@example.com", tracking);
    Map<String, Object> second = new HashMap<>(order(orderNumber(), "b@example.com", "10115"));
    second.put("shipments", List.of(Map.of("carrier", "ups", "trackingNumber", tracking)));
    for (int attempt = 0; attempt < 2; attempt++) {
      store
          .merchant()
          .header("Idempotency-Key", "conflict-" + first)
          .body(second)
          .post("/api/v1/orders")
          .then()
          .statusCode(409)
          .contentType("application/problem+json")
          .body("orderNumber", equalTo(first))
          .body("field", equalTo("shipments[0].trackingNumber"));
    }
  }

  @Test
  void theSameTrackingNumberTwiceInOneOrderIsRefusedByField() {
    TestStore store = TestStores.create();
    String tracking = TestStores.upsNumber();
    Map<String, Object> body = new HashMap<>(order(orderNumber(), "b@example.com", "10115"));
    body.put(
        "shipments",
        List.of(
            Map.of("carrier", "ups", "trackingNumber", tracking),
            Map.of("carrier", "ups", "trackingNumber", tracking)));
    store
        .merchant()
        .body(body)
        .post("/api/v1/orders")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("shipments[1].trackingNumber"));
  }

  @Test
  void aLateOlderEventOnlyAddsHistory() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "a@example.com", TestStores.upsNumber());
    store
        .merchant()
        .body(Map.of("status", "IN_TRANSIT", "occurredAt", "2026-11-21T09:00:00Z"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
    store
        .merchant()
        .body(Map.of("status", "PICKED_UP", "occurredAt", "2026-11-20T09:00:00Z"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201)
        .body("shipment.status", equalTo("IN_TRANSIT"));
  }

  @Test
  void deliveredEventMovesTheOrderToDelivered() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "a@example.com", TestStores.upsNumber());
    store
        .merchant()
        .body(Map.of("status", "DELIVERED", "eventId", "d-1"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201)
        .body("shipment.deliveredAt", notNullValue());
    store.merchant().get("/api/v1/orders/" + number).then().body("status", equalTo("DELIVERED"));
  }

  @Test
  void eventWithAnUnknownStatusListsTheAllowedOnes() {
    TestStore store = TestStores.create();
    String shipment =
        TestStores.orderWithShipment(store, orderNumber(), "a@example.com", TestStores.upsNumber());
    store
        .merchant()
        .body(Map.of("status", "TELEPORTED"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("status"))
        .body("errors[0].message", containsString("OUT_FOR_DELIVERY"));
  }

  @Test
  void eventForAnUnknownShipmentIsNotFound() {
    TestStore store = TestStores.create();
    store
        .merchant()
        .body(Map.of("status", "PACKED"))
        .post("/api/v1/shipments/7d4c9d1e-0000-4000-8000-000000000000/events")
        .then()
        .statusCode(404);
  }

  @Test
  void storefrontKeyCannotWriteOrders() {
    TestStore store = TestStores.create();
    store
        .storefront()
        .contentType("application/json")
        .body(order(orderNumber(), "a@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(403)
        .body("detail", containsString("orders:write"));
  }

  @Test
  void splitShipmentsAreAllKept() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    Map<String, Object> body = new HashMap<>(order(number, "a@example.com", "10115"));
    body.put(
        "shipments",
        List.of(
            Map.of("carrier", "ups", "trackingNumber", TestStores.upsNumber()),
            Map.of("carrier", "waybill-sim", "trackingNumber", "SIM-" + System.nanoTime())));
    store
        .merchant()
        .body(body)
        .post("/api/v1/orders")
        .then()
        .statusCode(201)
        .body("shipments", hasSize(2))
        .body("shipments.carrier", hasItem("waybill-sim"));
  }
}
