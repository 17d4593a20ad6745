package dev.waybill.support.claims;

import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClaimApiTest {

  @Test
  void openingTwiceAnswersTheSameReminderWithTheCarriersDeadline() {
    TestStore store = TestStores.create();
    String shipment =
        TestStores.orderWithShipment(
            store, orderNumber(), "ada@example.com", TestStores.upsNumber());
    LocalDate today = LocalDate.now(ZoneOffset.UTC);

    String id =
        support(store)
            .body(Map.of("shipmentId", shipment, "reason", "Lost in transit", "openedBy", "Dana"))
            .post("/api/v1/support/claims")
            .then()
            .statusCode(201)
            .header("Location", notNullValue())
            .body("status", equalTo("OPEN"))
            .body("carrier", equalTo("ups"))
            .body("shippedOn", equalTo(today.toString()))
            // UPS: 60 days; shown a week before.
            .body("fileBy", equalTo(today.plusDays(60).toString()))
            .body("remindOn", equalTo(today.plusDays(53).toString()))
            .body("due", equalTo(false))
            .body("openedBy", equalTo("Dana"))
            .extract()
            .path("id");

    support(store)
        .body(Map.of("shipmentId", shipment))
        .post("/api/v1/support/claims")
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("reason", equalTo("Lost in transit"));
  }

  @Test
  void filingNeedsTheCarriersReferenceAndAClosedReminderStaysClosed() {
    TestStore store = TestStores.create();
    String shipment =
        TestStores.orderWithShipment(
            store, orderNumber(), "ada@example.com", TestStores.upsNumber());
    String id =
        support(store)
            .body(
                Map.of(
                    "shipmentId", shipment, "remindOn", LocalDate.now(ZoneOffset.UTC).toString()))
            .post("/api/v1/support/claims")
            .then()
            .statusCode(201)
            .body("due", equalTo(true))
            .extract()
            .path("id");
    support(store)
        .queryParam("due", true)
        .get("/api/v1/support/claims")
        .then()
        .statusCode(200)
        .body("items.id", hasItem(id));

    support(store)
        .body(Map.of("status", "FILED"))
        .patch("/api/v1/support/claims/" + id)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("claimReference"));

    for (int i = 0; i < 2; i++) {
      support(store)
          .body(Map.of("status", "FILED", "claimReference", "UPS-CLM-4471"))
          .patch("/api/v1/support/claims/" + id)
          .then()
          .statusCode(200)
          .body("status", equalTo("FILED"))
          .body("claimReference", equalTo("UPS-CLM-4471"))
          .body("filedAt", notNullValue());
    }
    support(store)
        .queryParam("due", true)
        .get("/api/v1/support/claims")
        .then()
        .body("items.id", not(hasItem(id)));

    support(store)
        .body(Map.of("status", "CLOSED"))
        .patch("/api/v1/support/claims/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("CLOSED"))
        .body("claimReference", equalTo("UPS-CLM-4471"));
    support(store)
        .body(Map.of("status", "OPEN"))
        .patch("/api/v1/support/claims/" + id)
        .then()
        .statusCode(409)
        .contentType("application/problem+json");

    // With the old one closed, the shipment can get a new reminder.
    support(store)
        .body(Map.of("shipmentId", shipment))
        .post("/api/v1/support/claims")
        .then()
        .statusCode(201)
        .body("id", not(equalTo(id)));
  }

  @Test
  void badInputIsAProblemNamingTheField() {
    TestStore store = TestStores.create();
    String shipment =
        TestStores.orderWithShipment(
            store, orderNumber(), "ada@example.com", TestStores.upsNumber());
    support(store)
        .body(Map.of("reason", "no shipment"))
        .post("/api/v1/support/claims")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    support(store)
        .body(
            Map.of(
                "shipmentId",
                shipment,
                "remindOn",
                LocalDate.now(ZoneOffset.UTC).plusDays(400).toString()))
        .post("/api/v1/support/claims")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("remindOn"));
    support(store)
        .body(Map.of("shipmentId", UUID.randomUUID().toString()))
        .post("/api/v1/support/claims")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    support(store)
        .queryParam("status", "LOST")
        .get("/api/v1/support/claims")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("status"));
    given().auth().oauth2(store.trackingKey()).get("/api/v1/support/claims").then().statusCode(403);
  }

  @Test
  void anotherStoresShipmentIsNotFound() {
    TestStore mine = TestStores.create();
    TestStore theirs = TestStores.create();
    String shipment =
        TestStores.orderWithShipment(
            theirs, orderNumber(), "ada@example.com", TestStores.upsNumber());
    support(mine)
        .body(Map.of("shipmentId", shipment))
        .post("/api/v1/support/claims")
        .then()
        .statusCode(404);
  }

  private static RequestSpecification support(TestStore store) {
    return given().auth().oauth2(store.supportKey()).contentType(ContentType.JSON);
  }
}
