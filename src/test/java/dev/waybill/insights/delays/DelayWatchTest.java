package dev.waybill.insights.delays;

import static dev.waybill.testing.TestStores.orderNumber;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.carriers.Poller;
import dev.waybill.notifications.Dispatcher;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DelayWatchTest {

  @Inject AtRisk atRisk;
  @Inject ScanGaps gaps;
  @Inject Poller poller;
  @Inject Dispatcher dispatcher;
  @Inject Pool pool;

  @Test
  void stalledParcelIsFlaggedOnceAndTheShopperToldOnce() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    store
        .merchant()
        .body(TestStores.order(number, "stalled@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    // Its last scan was 8 hours ago; with no lane history, 6 hours of silence counts as late.
    String shipment = TestStores.stalledSimShipment(store, number).path("id");
    poller.cycle().await().atMost(Duration.ofSeconds(30));

    atRisk.check().await().atMost(Duration.ofSeconds(30));
    atRisk.check().await().atMost(Duration.ofSeconds(30));
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(30));
    poller.cycle().await().atMost(Duration.ofSeconds(30));
    atRisk.check().await().atMost(Duration.ofSeconds(30));
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(30));

    assertEquals(1, delayMessages(store, number));
    store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", "stalled@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(200)
        .body("shipments[0].delayed", equalTo(true));
    String token =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
    RestAssured.given().get("/t/" + token).then().body(containsString("Running late"));

    // A new scan puts it back on track: the mark goes, and no second message follows.
    store
        .merchant()
        .body(Map.of("status", "IN_TRANSIT", "description", "Arrived at destination hub"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
    atRisk.check().await().atMost(Duration.ofSeconds(30));
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(30));
    store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", "stalled@example.com")
        .get("/api/v1/tracking")
        .then()
        .body("shipments[0].delayed", equalTo(false));
    assertEquals(1, delayMessages(store, number));
  }

  @Test
  void eachLaneLearnsItsOwnNormalSilenceAndNewLanesUseTheirCarriers() {
    TestStore store = TestStores.create();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    // Past deliveries into Berlin (region DE:10) scanned ten hours apart, into Munich (DE:80)
    // two hours apart: one carrier and service, two lanes.
    deliveries(store, "10115", 10, now);
    deliveries(store, "80331", 2, now);
    gaps.learn().await().atMost(Duration.ofSeconds(30));
    String quiet = silentFor(store, "10115", 9, now);
    String silent = silentFor(store, "10115", 11, now);
    String fastLane = silentFor(store, "80331", 3, now);
    String newLane = silentFor(store, "50667", 9, now);

    atRisk.check().await().atMost(Duration.ofSeconds(30));

    // Nine hours is normal into Berlin, though above the six-hour default; eleven is not.
    assertEquals(false, delayed(store, quiet));
    assertEquals(true, delayed(store, silent));
    // Three hours is long into Munich, though below the default.
    assertEquals(true, delayed(store, fastLane));
    // Cologne has no history of its own: the carrier's gap over all its lanes applies.
    assertEquals(false, delayed(store, newLane));
  }

  private static void deliveries(
      TestStore store, String postalCode, int hoursApart, OffsetDateTime now) {
    for (int i = 0; i < 25; i++) {
      String shipment = shipment(store, orderNumber(), postalCode);
      for (int step = 0; step < 4; step++) {
        event(
            store,
            shipment,
            step == 3 ? "DELIVERED" : step == 2 ? "OUT_FOR_DELIVERY" : "IN_TRANSIT",
            now.minusHours(80 - (long) step * hoursApart),
            "Scan " + step);
      }
    }
  }

  private static String silentFor(
      TestStore store, String postalCode, int hours, OffsetDateTime now) {
    String shipment = shipment(store, orderNumber(), postalCode);
    event(store, shipment, "IN_TRANSIT", now.minusHours(hours), "Departed facility");
    return shipment;
  }

  @Test
  void slippedWindowIsToldOnceAndOnlyAFurtherSlipIsToldAgain() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String shipment = shipment(store, number);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    event(store, shipment, "IN_TRANSIT", now.minusMinutes(30), "Departed facility");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    // First promised by Friday-ish, now expected a week later: the window slipped.
    firstEstimate(shipment, today.plusDays(2));
    estimate(shipment, today.plusDays(9), today.plusDays(12));

    atRisk.check().await().atMost(Duration.ofSeconds(30));
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(30));
    assertEquals("SLIPPED", reason(shipment));
    assertEquals(1, delayMessages(store, number));

    // A scan on the new schedule puts it back on track; the window it was told still holds.
    event(store, shipment, "IN_TRANSIT", OffsetDateTime.now(ZoneOffset.UTC), "Arrived at hub");
    estimate(shipment, today.plusDays(9), today.plusDays(12));
    for (int i = 0; i < 3; i++) {
      atRisk.check().await().atMost(Duration.ofSeconds(30));
    }
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(30));
    assertEquals(null, reason(shipment));
    assertEquals(1, delayMessages(store, number));

    // Only a further slip past what the shopper was told is a new episode, told once more.
    estimate(shipment, today.plusDays(16), today.plusDays(19));
    atRisk.check().await().atMost(Duration.ofSeconds(30));
    atRisk.check().await().atMost(Duration.ofSeconds(30));
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(30));
    assertEquals("SLIPPED", reason(shipment));
    assertEquals(2, delayMessages(store, number));
  }

  @Test
  void passedSafeDateIsFlaggedEvenWithFreshScans() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String shipment = shipment(store, number);
    event(
        store,
        shipment,
        "IN_TRANSIT",
        OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10),
        "Departed facility");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    firstEstimate(shipment, today.minusDays(3));
    estimate(shipment, today.minusDays(3), today.minusDays(1));

    atRisk.check().await().atMost(Duration.ofSeconds(30));

    assertEquals("SAFE_DATE_PASSED", reason(shipment));
  }

  private void firstEstimate(String shipment, LocalDate latest) {
    pool.preparedQuery(
            "INSERT INTO shipment_estimate_changes (id, shipment_id, store_id, likely, earliest,"
                + " latest, safe, level, confidence, samples, status, computed_at)"
                + " SELECT $1, id, store_id, $2, $2, $2, $2, 'LANE', 'HIGH', 100, status,"
                + " now() - interval '2 days' FROM shipments WHERE id = $3")
        .execute(Tuple.of(UUID.randomUUID(), latest, UUID.fromString(shipment)))
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  /** Stands in for a recomputed estimate: the model's output is not what these tests are about. */
  private void estimate(String shipment, LocalDate latest, LocalDate safe) {
    pool.preparedQuery(
            "UPDATE shipments SET estimate_likely = $1, estimate_earliest = $1,"
                + " estimate_latest = $1, estimate_safe = $2 WHERE id = $3")
        .execute(Tuple.of(latest, safe, UUID.fromString(shipment)))
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  private String reason(String shipment) {
    return pool.preparedQuery("SELECT at_risk_reason FROM shipments WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(shipment)))
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next()
        .getString("at_risk_reason");
  }

  private static String shipment(TestStore store, String number) {
    return shipment(store, number, "10115");
  }

  private static String shipment(TestStore store, String number, String postalCode) {
    store
        .merchant()
        .body(TestStores.order(number, "lane@example.com", postalCode))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    return store
        .merchant()
        .body(
            Map.of(
                "carrier",
                "ups",
                "trackingNumber",
                TestStores.upsNumber(),
                "serviceLevel",
                "Ground"))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static void event(
      TestStore store, String shipment, String status, OffsetDateTime at, String description) {
    store
        .merchant()
        .body(Map.of("status", status, "occurredAt", at.toString(), "description", description))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
  }

  private static boolean delayed(TestStore store, String shipment) {
    List<Map<String, Object>> orders =
        store.merchant().get("/api/v1/orders?limit=100").then().extract().path("items");
    for (Map<String, Object> o : orders) {
      String number = (String) o.get("orderNumber");
      List<String> ids =
          store.merchant().get("/api/v1/orders/" + number).then().extract().path("shipments.id");
      if (ids.contains(shipment)) {
        return store
            .storefront()
            .queryParam("orderNumber", number)
            .queryParam("email", "lane@example.com")
            .get("/api/v1/tracking")
            .then()
            .extract()
            .path("shipments[0].delayed");
      }
    }
    throw new AssertionError("no order holds " + shipment);
  }

  private static long delayMessages(TestStore store, String number) {
    List<String> triggers =
        store
            .merchant()
            .get("/api/v1/notifications/orders/" + number)
            .then()
            .statusCode(200)
            .extract()
            .path("trigger");
    return triggers.stream().filter("DELAYED"::equals).count();
  }
}
