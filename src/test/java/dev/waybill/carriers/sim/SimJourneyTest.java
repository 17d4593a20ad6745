package dev.waybill.carriers.sim;

import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.carriers.Poller;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole journeys of the simulated carrier, polled over real HTTP, hour by simulated hour. */
@QuarkusTest
class SimJourneyTest {

  @Inject Poller poller;
  @Inject SimCarrierServer sim;
  @Inject Pool pool;

  @Test
  void attemptedDeliveryJourneyEndsDeliveredAfterSixStatusChanges() {
    Journeyed j = start(Journey.ATTEMPT);
    // Cached before the journey plays: the poller's bulk eviction must drop it.
    j.store
        .storefront()
        .queryParam("orderNumber", j.orderNumber)
        .queryParam("email", "journey@example.com")
        .queryParam("events", "all")
        .get("/api/v1/tracking")
        .then()
        .body("shipments[0].status", equalTo("INFO_RECEIVED"));
    playHours(60);
    j.store
        .storefront()
        .queryParam("orderNumber", j.orderNumber)
        .queryParam("email", "journey@example.com")
        .queryParam("events", "all")
        .get("/api/v1/tracking")
        .then()
        .statusCode(200)
        .body("shipments[0].status", equalTo("DELIVERED"))
        .body("shipments[0].eventCount", equalTo(7));
    assertEquals(
        List.of(
            "PICKED_UP",
            "IN_TRANSIT",
            "OUT_FOR_DELIVERY",
            "DELIVERY_ATTEMPTED",
            "OUT_FOR_DELIVERY",
            "DELIVERED"),
        changes(j.shipmentId));
  }

  @Test
  void weatherJourneyRecoversFromTheException() {
    Journeyed j = start(Journey.WEATHER);
    playHours(60);
    assertEquals(
        List.of("PICKED_UP", "EXCEPTION", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"),
        changes(j.shipmentId));
  }

  @Test
  void returnedJourneyEndsWithTheParcelGoingBack() {
    Journeyed j = start(Journey.RETURNED);
    playHours(40);
    assertEquals(
        List.of("PICKED_UP", "IN_TRANSIT", "EXCEPTION", "RETURNED_TO_SENDER"),
        changes(j.shipmentId));
  }

  private record Journeyed(TestStore store, String orderNumber, String shipmentId) {}

  private Journeyed start(Journey journey) {
    TestStore store = TestStores.create();
    String number = orderNumber();
    // The journey's hour zero is now on the simulated carrier's clock.
    long start = Instant.now().plus(sim.shift()).getEpochSecond();
    String tracking = "SIM-" + journey.name() + "-T" + start + "-" + number;
    store
        .merchant()
        .body(order(number, "journey@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    String id =
        store
            .merchant()
            .body(Map.of("carrier", "waybill-sim", "trackingNumber", tracking))
            .post("/api/v1/orders/" + number + "/shipments")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    return new Journeyed(store, number, id);
  }

  /** Moves the simulated clock one hour at a time (test time scale is 1) and polls each time. */
  private void playHours(int hours) {
    poller.cycle().await().atMost(Duration.ofSeconds(30));
    for (int h = 0; h < hours; h++) {
      sim.advance(Duration.ofHours(1));
      poller.cycle().await().atMost(Duration.ofSeconds(30));
    }
  }

  private List<String> changes(String shipmentId) {
    List<String> out = new ArrayList<>();
    pool.preparedQuery(
            "SELECT to_status FROM status_changes WHERE shipment_id = $1 ORDER BY sequence")
        .execute(Tuple.of(java.util.UUID.fromString(shipmentId)))
        .await()
        .atMost(Duration.ofSeconds(5))
        .forEach(r -> out.add(r.getString("to_status")));
    return out;
  }
}
