package dev.waybill.carriers;

import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The carrier catalogue as stores and shoppers meet it: the list, shipments, the tracking page. */
@QuarkusTest
class CarrierCatalogueOverHttpTest {

  @Inject Pool pool;

  @Test
  void anyKeyOfTheStoreListsTheCatalogueWithTheModesOnForIt() {
    TestStore store = TestStores.create();
    for (String key : List.of(store.trackingKey(), store.supportKey(), store.merchantKey())) {
      given()
          .auth()
          .oauth2(key)
          .get("/api/v1/carriers")
          .then()
          .statusCode(200)
          .body("size()", greaterThanOrEqualTo(40))
          .body("code", hasItems("ups", "dhl-express", "royal-mail", "postnl", "waybill-sim"))
          .body("find { it.code == 'royal-mail' }.name", equalTo("Royal Mail"))
          .body("find { it.code == 'royal-mail' }.countries", equalTo(List.of("GB")))
          .body(
              "find { it.code == 'royal-mail' }.trackingUrl",
              equalTo(
                  "https://www.royalmail.com/track-your-item#/tracking-results/{trackingNumber}"))
          // Nothing polls Royal Mail, and no aggregator pushes in the test profile.
          .body("find { it.code == 'royal-mail' }.modes", equalTo(List.of()))
          // The simulator is switched on in tests: polled, and pushing.
          .body("find { it.code == 'waybill-sim' }.modes", hasItem("direct"))
          // UPS has an adapter, but without credentials it is not polled.
          .body("find { it.code == 'ups' }.modes", not(hasItem("direct")));
    }
  }

  @Test
  void withAnAggregatorAccountTheCarriersWithoutAnAdapterAreTrackedThere() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body(java.util.Map.of("apiKey", "0123456789ABCDEF0123456789ABCDEF"))
        .put("/api/v1/admin/stores/" + store.slug() + "/aggregators/17track")
        .then()
        .statusCode(200);
    store
        .storefront()
        .get("/api/v1/carriers")
        .then()
        .statusCode(200)
        .body("find { it.code == 'royal-mail' }.modes", hasItem("aggregator"))
        // Polled directly: never sent to the aggregator.
        .body("find { it.code == 'waybill-sim' }.modes", not(hasItem("aggregator")));
    TestStores.create()
        .storefront()
        .get("/api/v1/carriers")
        .then()
        .body("find { it.code == 'royal-mail' }.modes", not(hasItem("aggregator")));
  }

  @Test
  void theListNeedsAKey() {
    given().get("/api/v1/carriers").then().statusCode(401);
  }

  @Test
  void aCatalogueCarrierWithoutAnAdapterIsAcceptedShownAndNotPolled() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    Map<String, Object> body = new HashMap<>(order(number, "ada@example.com", "10115"));
    body.put(
        "shipments",
        List.of(
            Map.of("carrier", "Royal-Mail", "trackingNumber", "RB 123 456 785 GB"),
            // No carrier named: the S10 check digit and the GB country code make it Royal Mail.
            Map.of("trackingNumber", "RR473124829GB")));
    store
        .merchant()
        .body(body)
        .post("/api/v1/orders")
        .then()
        .statusCode(201)
        .body("shipments.carrier", equalTo(List.of("royal-mail", "royal-mail")));

    String token =
        store
            .storefront()
            .queryParam("orderNumber", number)
            .queryParam("email", "ada@example.com")
            .get("/api/v1/tracking")
            .then()
            .statusCode(200)
            .body("shipments[0].carrierName", equalTo("Royal Mail"))
            .body(
                "shipments[0].carrierUrl",
                equalTo(
                    "https://www.royalmail.com/track-your-item#/tracking-results/RB123456785GB"))
            .extract()
            .path("token");

    given()
        .get("/t/" + token)
        .then()
        .statusCode(200)
        .body(containsString("Royal Mail"))
        .body(
            containsString(
                "https://www.royalmail.com/track-your-item#/tracking-results/RB123456785GB"));

    List<Object> due =
        pool
            .preparedQuery(
                "SELECT next_poll_at FROM shipments s JOIN orders o ON o.id = s.order_id"
                    + " WHERE o.order_number = $1")
            .execute(Tuple.of(number))
            .await()
            .atMost(Duration.ofSeconds(10))
            .stream()
            .map(r -> r.getValue("next_poll_at"))
            .toList();
    assertNull(due.get(0));
    assertNull(due.get(1));
  }

  @Test
  void aNumberSeveralCatalogueCarriersShareNeedsTheCarrierNamed() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    store.merchant().body(order(number, "ada@example.com", "10115")).post("/api/v1/orders");
    store
        .merchant()
        .body(Map.of("trackingNumber", "09980000020033"))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(422)
        .body("type", containsString("carrier-not-detected"))
        .body("candidates", equalTo(List.of("dpd", "dpd-uk", "hermes-de")));
    store
        .merchant()
        .body(Map.of("carrier", "dpd", "trackingNumber", "09980000020033"))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(201)
        .body("carrier", equalTo("dpd"));
  }

  @Test
  void aCarrierOutsideTheCatalogueIsStillRefused() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    store.merchant().body(order(number, "ada@example.com", "10115")).post("/api/v1/orders");
    store
        .merchant()
        .body(Map.of("carrier", "pigeon-" + UUID.randomUUID(), "trackingNumber", "ZZZZ-1234"))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("carrier"));
  }
}
