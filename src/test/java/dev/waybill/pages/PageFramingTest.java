package dev.waybill.pages;

import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PageFramingTest {

  private static String token(TestStore store) {
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "frame@example.com", TestStores.upsNumber());
    return store
        .merchant()
        .get("/api/v1/orders/" + number)
        .then()
        .statusCode(200)
        .extract()
        .path("trackingToken");
  }

  @Test
  void pagesOfAStoreWithoutEmbedOriginsCannotBeFramed() {
    TestStore store = TestStores.create();
    given()
        .get("/t/" + token(store))
        .then()
        .statusCode(200)
        .header(
            "Content-Security-Policy",
            allOf(containsString("frame-ancestors 'none'"), not(containsString("unsafe-inline"))))
        .header("X-Frame-Options", equalTo("DENY"))
        .header("X-Content-Type-Options", equalTo("nosniff"))
        .header("Referrer-Policy", equalTo("same-origin"));
  }

  @Test
  void theStoresEmbedOriginsMayFrameItsPagesAndNoOneElse() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body(
            Map.of(
                "embedOrigins", List.of("https://shop.example.com", "https://m.example.com:8443")))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200)
        .body(
            "embedOrigins",
            equalTo(List.of("https://shop.example.com", "https://m.example.com:8443")));
    String framing = "frame-ancestors 'self' https://shop.example.com https://m.example.com:8443";
    given()
        .get("/t/" + token(store))
        .then()
        .statusCode(200)
        .header("Content-Security-Policy", containsString(framing))
        .header("X-Frame-Options", nullValue());
    given()
        .get("/track/" + store.slug())
        .then()
        .statusCode(200)
        .header("Content-Security-Policy", containsString(framing))
        .header("X-Frame-Options", nullValue());

    // Another store's pages keep their own (no) origins.
    TestStore other = TestStores.create();
    given()
        .get("/t/" + token(other))
        .then()
        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));

    // An empty list takes the permission back.
    store
        .storeAdmin()
        .body(Map.of("embedOrigins", List.of()))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200)
        .body("embedOrigins", equalTo(List.of()));
    given()
        .get("/track/" + store.slug())
        .then()
        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
        .header("X-Frame-Options", equalTo("DENY"));
  }

  @Test
  void embedOriginsMustBeHttpsOrigins() {
    TestStore store = TestStores.create();
    for (String bad :
        List.of(
            "http://shop.example.com",
            "https://shop.example.com/account",
            "*",
            "https://*.example.com",
            "https://shop.example.com; script-src *")) {
      store
          .storeAdmin()
          .body(Map.of("embedOrigins", List.of(bad)))
          .patch("/api/v1/admin/stores/" + store.slug())
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors.field", hasItem(startsWith("embedOrigins")));
    }
  }
}
