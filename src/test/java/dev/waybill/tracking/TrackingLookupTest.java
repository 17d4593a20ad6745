package dev.waybill.tracking;

import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TrackingLookupTest {

  private TestStore store;
  private String number;
  private String shipment;

  @BeforeEach
  void orderInTransit() {
    store = TestStores.create();
    number = orderNumber();
    shipment =
        TestStores.orderWithShipment(store, number, "Ada@Example.com", TestStores.upsNumber());
    event("PICKED_UP", "2026-11-20T08:00:00-08:00", "Picked up", null);
    event("IN_TRANSIT", "2026-11-21T08:00:00-08:00", "Departed facility", null);
  }

  @Test
  void lookupByOrderNumberAndEmailReturnsTheContract() {
    lookup("ada@example.com")
        .then()
        .statusCode(200)
        .body("orderNumber", equalTo(number))
        .body("token", notNullValue())
        .body("shipments", hasSize(1))
        .body("shipments[0].carrier", equalTo("ups"))
        .body("shipments[0].carrierName", equalTo("UPS"))
        .body("shipments[0].carrierUrl", containsString("ups.com"))
        .body("shipments[0].trackingNumber", notNullValue())
        .body("shipments[0].status", equalTo("IN_TRANSIT"))
        .body("shipments[0].statusLabel", equalTo("On its way"))
        .body("shipments[0].whatHappensNext", notNullValue())
        .body(
            "shipments[0].timeline.step",
            hasItems("ORDERED", "PACKED", "SHIPPED", "OUT_FOR_DELIVERY", "DELIVERED"))
        .body("shipments[0].timeline.find { it.step == 'SHIPPED' }.state", equalTo("CURRENT"))
        .body("shipments[0].timeline.find { it.step == 'PACKED' }.state", equalTo("DONE"))
        .body("shipments[0].events[0].occurredAt", equalTo("2026-11-21T08:00:00-08:00"))
        .body("items[0].name", equalTo("Trail Runner 2"));
  }

  @Test
  void lookupByPostalCodeWorksToo() {
    store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("postalCode", "10 115")
        .get("/api/v1/tracking")
        .then()
        .statusCode(200)
        .body("orderNumber", equalTo(number));
  }

  @Test
  void wrongEmailLooksLikeUnknownOrder() {
    Response wrongEmail = lookup("eve@example.com");
    Response unknownOrder =
        store
            .storefront()
            .queryParam("orderNumber", "NO-SUCH-ORDER")
            .queryParam("email", "ada@example.com")
            .get("/api/v1/tracking");
    assertEquals(404, wrongEmail.statusCode());
    assertEquals(404, unknownOrder.statusCode());
    assertEquals(wrongEmail.asString(), unknownOrder.asString());
  }

  @Test
  void lookupNeedsOrderNumberAndEmailOrPostalCode() {
    store
        .storefront()
        .get("/api/v1/tracking")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItems("orderNumber", "email"));
  }

  @Test
  void lookupNeedsAKey() {
    given()
        .queryParam("orderNumber", number)
        .queryParam("email", "ada@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(401);
  }

  @Test
  void tokenOpensTheOrderWithoutAKey() {
    String token = lookup("ada@example.com").then().extract().path("token");
    given()
        .get("/api/v1/tracking/" + token)
        .then()
        .statusCode(200)
        .body("orderNumber", equalTo(number));
  }

  @Test
  void tamperedTokenIsNotFound() {
    String token = lookup("ada@example.com").then().extract().path("token");
    String tampered =
        token.substring(0, 10) + (token.charAt(10) == 'A' ? 'B' : 'A') + token.substring(11);
    given().get("/api/v1/tracking/" + tampered).then().statusCode(404);
    given().get("/api/v1/tracking/not-a-token").then().statusCode(404);
  }

  @Test
  void revokedTokenStopsWorking() {
    String token = lookup("ada@example.com").then().extract().path("token");
    String fresh =
        store
            .merchant()
            .post("/api/v1/orders/" + number + "/tracking-links/revoke")
            .then()
            .statusCode(200)
            .extract()
            .path("trackingToken");
    given().get("/api/v1/tracking/" + token).then().statusCode(404);
    given().get("/api/v1/tracking/" + fresh).then().statusCode(200);
  }

  @Test
  void unchangedOrderAnswersNotModified() {
    Response first = lookup("ada@example.com");
    String etag = first.header("ETag");
    assertEquals("private, no-cache", first.header("Cache-Control"));
    store
        .storefront()
        .header("If-None-Match", etag)
        .queryParam("orderNumber", number)
        .queryParam("email", "ada@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(304);
    event("OUT_FOR_DELIVERY", "2026-11-22T07:00:00-08:00", "On vehicle", null);
    Response after =
        store
            .storefront()
            .header("If-None-Match", etag)
            .queryParam("orderNumber", number)
            .queryParam("email", "ada@example.com")
            .get("/api/v1/tracking");
    assertEquals(200, after.statusCode());
    assertNotEquals(etag, after.header("ETag"));
  }

  @Test
  void textsFollowTheRequestedLanguage() {
    store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", "ada@example.com")
        .queryParam("locale", "de")
        .get("/api/v1/tracking")
        .then()
        .statusCode(200)
        .body("locale", equalTo("de"))
        .body("shipments[0].statusLabel", equalTo("Unterwegs"))
        .body("shipments[0].timeline[0].label", equalTo("Bestellt"));
  }

  @Test
  void fullHistoryOnRequest() {
    for (int i = 0; i < 7; i++) {
      event("IN_TRANSIT", "2026-11-21T1" + i + ":00:00Z", "Scan " + i, null);
    }
    lookup("ada@example.com")
        .then()
        .body("shipments[0].events", hasSize(5))
        .body("shipments[0].eventCount", equalTo(9));
    store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", "ada@example.com")
        .queryParam("events", "all")
        .get("/api/v1/tracking")
        .then()
        .body("shipments[0].events", hasSize(9));
  }

  @Test
  void exceptionExplainsWhatHappenedAndWhatToDo() {
    event("EXCEPTION", "2026-11-22T10:00:00Z", "Address incomplete", "CONSIGNEE_ADDRESS_PROBLEM");
    lookup("ada@example.com")
        .then()
        .body("status", equalTo("EXCEPTION"))
        .body("shipments[0].problem.reason", equalTo("CONSIGNEE_ADDRESS_PROBLEM"))
        .body("shipments[0].problem.causedBy", equalTo("CONSIGNEE"))
        .body("shipments[0].problem.whatToDo", containsString("address"))
        .body("shipments[0].timeline.find { it.step == 'SHIPPED' }.state", equalTo("PROBLEM"));
  }

  @Test
  void weatherDelayIsFlaggedAsDelayed() {
    event("EXCEPTION", "2026-11-22T10:00:00Z", "Storm", "FORCE_MAJEURE_WEATHER");
    lookup("ada@example.com").then().body("shipments[0].delayed", equalTo(true));
  }

  @Test
  void invalidEventsParameterIsNamed() {
    store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", "ada@example.com")
        .queryParam("events", "some")
        .get("/api/v1/tracking")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("events"));
  }

  private Response lookup(String email) {
    return store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", email)
        .get("/api/v1/tracking");
  }

  private void event(String status, String at, String description, String reason) {
    Map<String, Object> body =
        new java.util.HashMap<>(
            Map.of("status", status, "occurredAt", at, "description", description));
    if (reason != null) {
      body.put("reason", reason);
    }
    store
        .merchant()
        .body(body)
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
  }
}
