package dev.waybill.platform;

import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.Management;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlatformEndpointsTest {

  @Test
  void openApiDescribesEveryEndpointWithTheBearerScheme() {
    Management.given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("components.securitySchemes.bearerKey.scheme", equalTo("bearer"))
        .body(
            "paths.keySet()",
            hasItems(
                "/api/v1/orders",
                "/api/v1/orders/{orderNumber}",
                "/api/v1/orders/{orderNumber}/shipments",
                "/api/v1/shipments/{id}/events",
                "/api/v1/tracking",
                "/api/v1/tracking/{token}",
                "/api/v1/admin/stores",
                "/api/v1/admin/stores/{slug}/keys"))
        .body(
            "paths.'/api/v1/orders'.post.responses.keySet()", hasItems("201", "400", "409", "413"))
        .body(
            "components.schemas.Problem.properties.keySet()", hasItems("type", "title", "status"));
  }

  @Test
  void readinessChecksPostgresAndRedis() {
    Management.given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItems(containsString("Redis"), containsString("PostgreSQL")));
    Management.given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void metricsExposeLookupAndCacheMeters() {
    given().get("/api/v1/tracking/not-a-token").then().statusCode(404);
    Management.given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("waybill_tracking_lookup_seconds"))
        .body(containsString("waybill_tracking_cache_redis_errors_total"))
        .body(containsString("waybill_poller_due"));
  }

  @Test
  void requestMetricsNameEachRouteByItsTemplateAndTheConsoleStaysGuarded() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "metrics@example.com", TestStores.upsNumber());
    String token =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
    given().get("/t/" + token).then().statusCode(200);
    store.merchant().get("/api/v1/orders/" + number).then().statusCode(200);
    given().redirects().follow(false).get("/console").then().statusCode(302);
    String metrics =
        Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(metrics.contains("uri=\"/t/{token}\""), "the page's template");
    assertTrue(metrics.contains("uri=\"/api/v1/orders/{orderNumber}\""), "the API's template");
    assertFalse(metrics.contains(token), "no series per link");
    assertFalse(metrics.contains(number), "no series per order");
  }

  @Test
  void healthMetricsAndApiDocsAreOnlyOnTheManagementPort() {
    for (String path :
        new String[] {
          "/q/metrics", "/q/openapi", "/q/swagger-ui", "/q/swagger-ui/", "/q/health/live"
        }) {
      given().redirects().follow(false).get(path).then().statusCode(404);
    }
    Management.given().get("/q/swagger-ui/").then().statusCode(200);
    Management.given().get("/q/openapi").then().statusCode(200);
  }

  @Test
  void unknownPathIsAProblemDocument() {
    given()
        .get("/api/v1/nothing-here")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void pingIsAConstantJsonAnswer() {
    given().get("/api/v1/ping").then().statusCode(200).body("status", equalTo("ok"));
  }
}
