package dev.waybill.platform.deploy;

import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.waybill.testing.Management;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The main path of a shopper and a merchant against the packaged application: the production jar in
 * {@code ./mvnw verify}, the native executable under {@code -Pnative}. It catches what only the
 * packaged build can get wrong: removed artifacts, missing resources and templates, reflection.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedAppServices.class, restrictToAnnotatedClass = true)
class PackagedAppIT {

  @Test
  void healthChecksAreUp() {
    Management.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/api/v1/ping").then().statusCode(200);
    // The public port serves the application only.
    given().get("/q/health/live").then().statusCode(404);
    given().get("/q/metrics").then().statusCode(404);
  }

  @Test
  void theSimulatedCarrierIsOffInAProductionPod() {
    given()
        .contentType("application/json")
        .body("{\"trackingNumbers\":[\"SIM-ONTIME-1\"]}")
        .post("/sim/v1/track")
        .then()
        .statusCode(404);
    given()
        .contentType("application/json")
        .header("webhook-id", "msg_1")
        .header("webhook-timestamp", String.valueOf(System.currentTimeMillis() / 1000))
        .header("webhook-signature", "v1,AAAA")
        .body("{\"type\":\"tracking.updated\"}")
        .post("/webhooks/waybill-sim")
        .then()
        .statusCode(401)
        .body("detail", containsString("not configured"));
  }

  @Test
  void aMerchantsOrderIsFoundByTokenByOrderAndEmailAndOnItsPage() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "Ada@Example.com", TestStores.upsNumber());
    store
        .merchant()
        .body(Map.of("status", "OUT_FOR_DELIVERY", "description", "On the van"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);

    String token =
        store
            .storefront()
            .queryParam("orderNumber", number)
            .queryParam("email", "ada@example.com")
            .get("/api/v1/tracking")
            .then()
            .statusCode(200)
            .body("orderNumber", equalTo(number))
            .body("shipments", hasSize(1))
            .body("shipments[0].status", equalTo("OUT_FOR_DELIVERY"))
            .body("items[0].name", equalTo("Trail Runner 2"))
            .extract()
            .path("token");

    given()
        .get("/api/v1/tracking/" + token)
        .then()
        .statusCode(200)
        .body("orderNumber", equalTo(number))
        .body("shipments[0].carrierName", equalTo("UPS"));

    given()
        .get("/t/" + token)
        .then()
        .statusCode(200)
        .contentType(startsWith("text/html"))
        .body(containsString(number))
        .body(containsString("Out for delivery"));

    // A German lookup reads its texts from the bundled resources.
    given()
        .queryParam("locale", "de")
        .get("/api/v1/tracking/" + token)
        .then()
        .statusCode(200)
        .body("shipments[0].statusLabel", equalTo("In Zustellung"));
    // And the page in German: its template with the German texts.
    given()
        .queryParam("locale", "de")
        .get("/t/" + token)
        .then()
        .statusCode(200)
        .body(containsString("lang=\"de\""))
        .body(containsString("In Zustellung"));
  }

  @Test
  void badInputIsAProblemDocumentNamingTheField() {
    TestStore store = TestStores.create();
    store
        .merchant()
        .body(Map.of("orderNumber", "", "customer", Map.of("email", "not-an-email")))
        .post("/api/v1/orders")
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"));
  }

  @Test
  void aKeyWithoutTheScopeIsRefused() {
    TestStore store = TestStores.create();
    store.storefront().get("/api/v1/orders").then().statusCode(403);
    given().get("/api/v1/orders").then().statusCode(401);
  }

  @Test
  void openApiDocumentDescribesTheApiOnTheManagementPort() {
    Management.given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("info.title", equalTo("Waybill API"))
        .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/orders"));
  }
}
