package dev.waybill.tracking;

import static dev.waybill.testing.TestStores.orderNumber;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * Lookups by order number and contact through the API count failed attempts per order, like the
 * lookup form: ten per order and window in tests (per client there is room, since every test comes
 * from 127.0.0.1; LookupClientLimitTest covers that).
 */
@QuarkusTest
class LookupLimitsTest {

  private static Response lookup(TestStore store, String number, String email) {
    return store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", email)
        .get("/api/v1/tracking");
  }

  @Test
  void guessingOneOrdersEmailIsLimitedAndThenEvenTheRightEmailWaits() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    for (int i = 0; i < 10; i++) {
      lookup(store, number, "guess" + i + "@example.com").then().statusCode(404);
    }

    lookup(store, number, "ada@example.com")
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", matchesPattern("[1-9][0-9]*"))
        .body("status", equalTo(429))
        .body("type", containsString("rate-limited"));
  }

  @Test
  void anUnknownOrderIsLimitedExactlyLikeAnExistingOne() {
    TestStore store = TestStores.create();
    String known = orderNumber();
    TestStores.orderWithShipment(store, known, "ada@example.com", TestStores.upsNumber());
    String unknown = orderNumber();
    for (int i = 0; i < 10; i++) {
      lookup(store, known, "guess" + i + "@example.com").then().statusCode(404);
      lookup(store, unknown, "guess" + i + "@example.com").then().statusCode(404);
    }

    Response knownAnswer = lookup(store, known, "guess@example.com");
    Response unknownAnswer = lookup(store, unknown, "guess@example.com");

    assertEquals(429, knownAnswer.statusCode());
    assertEquals(429, unknownAnswer.statusCode());
    assertEquals(
        knownAnswer.jsonPath().getString("detail"), unknownAnswer.jsonPath().getString("detail"));
  }

  @Test
  void aShoppersRepeatedLookupsOfTheirOwnOrderAreNotCounted() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    for (int i = 0; i < 15; i++) {
      lookup(store, number, "ada@example.com").then().statusCode(200);
    }
    // Nine typos later the order is still open to the right email.
    for (int i = 0; i < 9; i++) {
      lookup(store, number, "typo" + i + "@example.com").then().statusCode(404);
    }
    lookup(store, number, "ada@example.com").then().statusCode(200);
  }

  @Test
  void theStoresOwnSecretKeysAreNotLimited() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    for (int i = 0; i < 11; i++) {
      lookup(store, number, "guess" + i + "@example.com").then().statusCode(i < 10 ? 404 : 429);
    }

    store
        .merchant()
        .queryParam("orderNumber", number)
        .queryParam("email", "ada@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(200);
  }
}
