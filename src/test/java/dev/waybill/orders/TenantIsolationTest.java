package dev.waybill.orders;

import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static org.hamcrest.Matchers.hasSize;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint keeps one store's data invisible to another store's keys. */
@QuarkusTest
class TenantIsolationTest {

  private TestStore owner;
  private TestStore stranger;
  private String number;
  private String shipmentId;
  private String token;

  @BeforeEach
  void createOrderInOneStore() {
    owner = TestStores.create();
    stranger = TestStores.create();
    number = orderNumber();
    shipmentId =
        TestStores.orderWithShipment(owner, number, "owner@example.com", TestStores.upsNumber());
    token = owner.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
  }

  @Test
  void anotherStoreCannotReadTheOrder() {
    stranger.merchant().get("/api/v1/orders/" + number).then().statusCode(404);
  }

  @Test
  void anotherStoreDoesNotSeeTheOrderInItsList() {
    stranger.merchant().get("/api/v1/orders").then().statusCode(200).body("items", hasSize(0));
    stranger
        .merchant()
        .queryParam("email", "owner@example.com")
        .get("/api/v1/orders")
        .then()
        .body("items", hasSize(0));
  }

  @Test
  void anotherStoreCannotAddShipments() {
    stranger
        .merchant()
        .body(Map.of("carrier", "ups", "trackingNumber", TestStores.upsNumber()))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(404);
  }

  @Test
  void anotherStoreCannotRecordEvents() {
    stranger
        .merchant()
        .body(Map.of("status", "DELIVERED"))
        .post("/api/v1/shipments/" + shipmentId + "/events")
        .then()
        .statusCode(404);
  }

  @Test
  void anotherStoreCannotRevokeTrackingLinks() {
    stranger
        .merchant()
        .post("/api/v1/orders/" + number + "/tracking-links/revoke")
        .then()
        .statusCode(404);
  }

  @Test
  void anotherStoresKeyCannotLookUpTracking() {
    stranger
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", "owner@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(404);
  }

  @Test
  void sameOrderNumberInTwoStoresAreTwoOrders() {
    stranger
        .merchant()
        .body(order(number, "stranger@example.com", "20095"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    owner
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", "stranger@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(404);
    owner
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", "owner@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(200);
  }

  @Test
  void tokenOnlyOpensItsOwnOrder() {
    // The token works without any key, and only for the order it was issued for.
    io.restassured.RestAssured.given()
        .get("/api/v1/tracking/" + token)
        .then()
        .statusCode(200)
        .body("orderNumber", org.hamcrest.Matchers.equalTo(number));
  }

  @Test
  void anotherStoresAdminCannotManageThisStore() {
    stranger.storeAdmin().get("/api/v1/admin/stores/" + owner.slug()).then().statusCode(404);
    stranger
        .storeAdmin()
        .get("/api/v1/admin/stores/" + owner.slug() + "/keys")
        .then()
        .statusCode(404);
  }
}
