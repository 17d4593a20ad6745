package dev.waybill.support.console;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Support sees on an order's page why each promise is where it is. */
@QuarkusTest
class ConsolePromiseExplanationTest {

  @Test
  void theOrderPageExplainsAPromiseByItsHistoryAndItsLevels() {
    TestStore store = TestStores.create();
    StringBuilder csv =
        new StringBuilder(
            "external_id,carrier,service,origin_postal_code,origin_country,"
                + "destination_postal_code,destination_country,shipped_at,delivered_at\n");
    for (int i = 0; i < 40; i++) {
      LocalDate ship = LocalDate.of(2026, 1, 6).plusWeeks(i % 8);
      csv.append("E-")
          .append(i)
          .append(",ups,Ground,07094,US,10001,US,")
          .append(ship)
          .append("T16:00:00-05:00,")
          .append(ship.plusDays(2))
          .append("T12:00:00-05:00\n");
    }
    RestAssured.given()
        .auth()
        .oauth2(store.adminKey())
        .contentType("text/csv")
        .body(csv.toString())
        .post("/api/v1/admin/promises/history")
        .then()
        .statusCode(200);
    String order = TestStores.orderNumber();
    store
        .merchant()
        .body(
            Map.of(
                "orderNumber",
                order,
                "customer",
                Map.of("name", "Ada Lovelace", "email", "ada@example.com"),
                "items",
                List.of(Map.of("name", "Trail Runner 2", "quantity", 1)),
                "shippingAddress",
                Map.of("city", "New York", "postalCode", "10001", "country", "US"),
                "shipments",
                List.of(
                    Map.of(
                        "carrier",
                        "ups",
                        "trackingNumber",
                        TestStores.upsNumber(),
                        "serviceLevel",
                        "Ground",
                        "origin",
                        Map.of("postalCode", "07094", "country", "US")))))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    ConsoleSession agent = ConsoleSession.signIn(ConsoleSession.addAgent(store, "AGENT"));

    agent
        .get("/console/" + store.slug() + "/orders/" + order)
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("40 deliveries"),
                containsString("Why these dates"),
                containsString("normal season: the nominal levels (too few recent parcels)"),
                containsString("peak season:")));
  }
}
