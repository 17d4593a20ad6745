package dev.waybill.carriers.sim;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.Poller;
import dev.waybill.insights.promises.BusinessCalendar;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Waybill's own estimate follows the simulated carrier's scans as the poller applies them. */
@QuarkusTest
class SimJourneyEstimatesTest {

  @Inject Poller poller;
  @Inject SimCarrierServer sim;

  /** Oakland to Denver: mostly two business days, some three or four. */
  static String history() {
    StringBuilder csv =
        new StringBuilder(
            "carrier,service,origin_postal_code,origin_country,destination_postal_code,"
                + "destination_country,shipped_at,delivered_at\n");
    for (int i = 0; i < 40; i++) {
      LocalDate ship = LocalDate.of(2026, 2, 3).plusWeeks(i % 6).plusDays(i % 3);
      int days = i < 20 ? 2 : i < 35 ? 3 : 4;
      csv.append("waybill-sim,Ground,94607,US,80202,US,")
          .append(ship)
          .append("T17:00:00-08:00,")
          .append(BusinessCalendar.plusBusinessDays("US", ship, days))
          .append("T13:00:00-07:00\n");
    }
    return csv.toString();
  }

  @Test
  void theEstimateIsRecomputedAsScansArriveAndEveryChangeIsKept() {
    TestStore store = TestStores.create();
    given()
        .auth()
        .oauth2(store.adminKey())
        .contentType("text/csv")
        .body(history())
        .post("/api/v1/admin/promises/history")
        .then()
        .statusCode(200);
    String number = TestStores.orderNumber();
    long start = Instant.now().plus(sim.shift()).getEpochSecond();
    String shipmentId =
        store
            .merchant()
            .body(
                Map.of(
                    "orderNumber",
                    number,
                    "customer",
                    Map.of("name", "Ada Lovelace", "email", "sim@example.com"),
                    "items",
                    List.of(Map.of("name", "Tent", "quantity", 1)),
                    "shippingAddress",
                    Map.of("city", "Denver", "postalCode", "80202", "country", "US"),
                    "shipments",
                    List.of(
                        Map.of(
                            "carrier",
                            "waybill-sim",
                            "trackingNumber",
                            "SIM-ONTIME-T" + start + "-" + number,
                            "serviceLevel",
                            "Ground",
                            "origin",
                            Map.of("postalCode", "94607", "country", "US")))))
            .post("/api/v1/orders")
            .then()
            .statusCode(201)
            .extract()
            .path("shipments[0].id");

    playHours(41); // picked up, in transit, out for delivery
    JsonPath outForDelivery = tracking(store, number);
    assertEquals("OUT_FOR_DELIVERY", outForDelivery.getString("shipments[0].status"));
    assertEquals("waybill", outForDelivery.getString("shipments[0].estimatedDelivery.source"));
    assertEquals(
        outForDelivery.getString("shipments[0].estimatedDelivery.earliest"),
        outForDelivery.getString("shipments[0].estimatedDelivery.latest"),
        "out for delivery narrows the window to one day");

    List<String> statuses =
        given()
            .auth()
            .oauth2(store.supportKey())
            .get("/api/v1/promises/shipments/" + shipmentId)
            .then()
            .statusCode(200)
            .extract()
            .path("changes.status");
    assertTrue(statuses.size() >= 2, statuses.toString());
    assertEquals("OUT_FOR_DELIVERY", statuses.get(statuses.size() - 1), statuses.toString());

    playHours(5); // delivered
    store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", "sim@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(200)
        .body("shipments[0].status", equalTo("DELIVERED"))
        .body("shipments[0].estimatedDelivery", nullValue());
  }

  private static JsonPath tracking(TestStore store, String number) {
    return store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", "sim@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private void playHours(int hours) {
    poller.cycle().await().atMost(Duration.ofSeconds(30));
    for (int h = 0; h < hours; h++) {
      sim.advance(Duration.ofHours(1));
      poller.cycle().await().atMost(Duration.ofSeconds(30));
    }
  }
}
