package dev.waybill.support;

import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SupportApiTest {

  @Inject SupportCases cases;
  @Inject Pool pool;
  @Inject dev.waybill.notifications.Dispatcher dispatcher;

  @Test
  void caseCarriesTheOrdersTrackingThenAndNow() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    String reference = openCase(store, number, CaseType.NOT_RECEIVED);
    store
        .merchant()
        .body(Map.of("status", "DELIVERED", "description", "Front porch"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
    dispatcher.dispatchOnce().await().atMost(java.time.Duration.ofSeconds(30));

    support(store)
        .get("/api/v1/support/cases/" + reference)
        .then()
        .statusCode(200)
        .body("reference", equalTo(reference))
        .body("orderNumber", equalTo(number))
        .body("status", equalTo("OPEN"))
        .body("contextAtOpening.status", equalTo("INFO_RECEIVED"))
        .body("tracking.status", equalTo("DELIVERED"))
        .body("tracking.shipments[0].events.description", hasItem("Front porch"))
        .body("notifications.trigger", hasItem("ORDER_CONFIRMED"));
  }

  @Test
  void listFiltersByStatusAndType() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    String damaged = openCase(store, number, CaseType.DAMAGED);
    String delayed = openCase(store, number, CaseType.DELAYED);
    support(store)
        .contentType(ContentType.JSON)
        .body(Map.of("status", "RESOLVED", "note", "Refunded"))
        .patch("/api/v1/support/cases/" + delayed)
        .then()
        .statusCode(200);

    support(store)
        .queryParam("type", "damaged")
        .get("/api/v1/support/cases")
        .then()
        .statusCode(200)
        .body("items.reference", equalTo(java.util.List.of(damaged)));
    support(store)
        .queryParam("status", "RESOLVED")
        .get("/api/v1/support/cases")
        .then()
        .body("items.reference", equalTo(java.util.List.of(delayed)));
    support(store)
        .queryParam("limit", 1)
        .get("/api/v1/support/cases")
        .then()
        .body("items", hasSize(1))
        .body("nextCursor", notNullValue());
  }

  @Test
  void retriedUpdateAddsItsNoteOnce() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    String reference = openCase(store, number, CaseType.DAMAGED);
    for (int i = 0; i < 2; i++) {
      support(store)
          .contentType(ContentType.JSON)
          .header("Idempotency-Key", "note-1")
          .body(
              Map.of(
                  "status", "WAITING_ON_CARRIER",
                  "note", "Claim filed with UPS",
                  "author", "Dana",
                  "assignee", "Dana"))
          .patch("/api/v1/support/cases/" + reference)
          .then()
          .statusCode(200)
          .body("status", equalTo("WAITING_ON_CARRIER"))
          .body("assignee", equalTo("Dana"))
          .body("notes", hasSize(1))
          .body("notes[0].statusFrom", equalTo("OPEN"))
          .body("notes[0].statusTo", equalTo("WAITING_ON_CARRIER"));
    }
    support(store)
        .contentType(ContentType.JSON)
        .body(Map.of("status", "RESOLVED"))
        .patch("/api/v1/support/cases/" + reference)
        .then()
        .body("notes", hasSize(2))
        .body("resolvedAt", notNullValue());
    support(store)
        .contentType(ContentType.JSON)
        .body(Map.of("status", "OPEN", "note", "Shopper wrote again"))
        .patch("/api/v1/support/cases/" + reference)
        .then()
        .body("resolvedAt", nullValue());
  }

  @Test
  void aNoteIsSignedByTheCallingKeyWhateverTheBodyClaims() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    String reference = openCase(store, number, CaseType.DAMAGED);
    Map<String, Object> issued =
        TestStores.platformAdmin()
            .body(Map.of("scopes", new String[] {"support"}, "name", "Helpdesk"))
            .post("/api/v1/admin/stores/" + store.slug() + "/keys")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getMap("");

    given()
        .auth()
        .oauth2((String) issued.get("key"))
        .contentType(ContentType.JSON)
        .body(Map.of("note", "Refund approved", "author", "Store Owner <owner@example.com>"))
        .patch("/api/v1/support/cases/" + reference)
        .then()
        .statusCode(200)
        .body("notes", hasSize(1))
        .body("notes[0].author", equalTo("key " + issued.get("id")));
  }

  @Test
  void badUpdateNamesTheField() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    String reference = openCase(store, number, CaseType.OTHER);
    support(store)
        .contentType(ContentType.JSON)
        .body(Map.of("status", "SOLVED"))
        .patch("/api/v1/support/cases/" + reference)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("status"));
    support(store)
        .contentType(ContentType.JSON)
        .body(Map.of("note", ""))
        .patch("/api/v1/support/cases/" + reference)
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("note"));
    support(store)
        .queryParam("status", "nope")
        .get("/api/v1/support/cases")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("status"));
  }

  @Test
  void casesStayInsideTheirStore() {
    TestStore store = TestStores.create();
    TestStore other = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    String reference = openCase(store, number, CaseType.DAMAGED);

    support(other).get("/api/v1/support/cases/" + reference).then().statusCode(404);
    support(other).get("/api/v1/support/cases").then().body("items", hasSize(0));
    support(other)
        .contentType(ContentType.JSON)
        .body(Map.of("status", "CLOSED"))
        .patch("/api/v1/support/cases/" + reference)
        .then()
        .statusCode(404);
    given().auth().oauth2(store.trackingKey()).get("/api/v1/support/cases").then().statusCode(403);
    given().get("/api/v1/support/cases").then().statusCode(401);
  }

  private String openCase(TestStore store, String number, CaseType type) {
    UUID storeId =
        TestStores.platformAdmin()
            .get("/api/v1/admin/stores/" + store.slug())
            .then()
            .extract()
            .jsonPath()
            .getUUID("id");
    String context =
        new String(
            given()
                .auth()
                .oauth2(store.supportKey())
                .queryParam("orderNumber", number)
                .queryParam("email", "ada@example.com")
                .get("/api/v1/tracking")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray(),
            java.nio.charset.StandardCharsets.UTF_8);
    return cases
        .open(
            new NewCase(
                storeId,
                number,
                null,
                type,
                "Help",
                ContactChannel.EMAIL,
                "ada@example.com",
                null,
                "en",
                context,
                UUID.randomUUID().toString()))
        .await()
        .indefinitely();
  }

  private static RequestSpecification support(TestStore store) {
    return given().auth().oauth2(store.supportKey());
  }
}
