package dev.waybill.insights.promises;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PromisesApiTest {

  @Inject DeliveryHistory deliveryHistory;
  @Inject PromiseRollups rollups;

  static final String HEADER =
      "external_id,carrier,service,origin_postal_code,origin_country,destination_postal_code,"
          + "destination_country,order_placed_at,shipped_at,delivered_at,published_min_days,"
          + "published_max_days\n";

  /** 40 UPS Ground deliveries from New Jersey to Manhattan, two business days each. */
  static String history() {
    StringBuilder csv = new StringBuilder(HEADER);
    for (int i = 0; i < 40; i++) {
      LocalDate ship = LocalDate.of(2026, 1, 6).plusWeeks(i % 8).plusDays(i % 3);
      LocalDate delivered = BusinessCalendar.plusBusinessDays("US", ship, 2);
      csv.append("H-")
          .append(i)
          .append(",ups,Ground,07094,US,10001,US,")
          .append(ship)
          .append("T09:00:00-05:00,")
          .append(ship)
          .append("T16:00:00-05:00,")
          .append(delivered)
          .append("T12:00:00-05:00,1,5\n");
    }
    return csv.toString();
  }

  static JsonPath importHistory(TestStore store, String csv) {
    return given()
        .auth()
        .oauth2(store.adminKey())
        .contentType("text/csv")
        .body(csv)
        .post("/api/v1/admin/promises/history")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void importSkipsBadRowsByLineNumberAndReimportingAddsNothing() {
    TestStore store = TestStores.create();
    String csv =
        history()
            + "bad-1,ups,Ground,07094,US,10001,US,,yesterday,2026-01-08T12:00:00-05:00,,\n"
            + "bad-2,ups,Ground,07094,US,10001,USA,,2026-01-06T16:00:00-05:00,"
            + "2026-01-08T12:00:00-05:00,,\n";
    JsonPath first = importHistory(store, csv);
    assertEquals(42, first.getInt("rows"));
    assertEquals(40, first.getInt("imported"));
    assertEquals(2, first.getInt("rejected"));
    assertEquals(List.of(42, 43), first.getList("errors.line"));
    assertTrue(first.getString("errors[0].message").startsWith("shipped_at"));
    assertEquals(40, first.getInt("rebuild.deliveriesFolded"));
    // Far too little history to hold a slice out: the nominal levels.
    assertEquals(0, first.getInt("rebuild.levels.samples"));
    assertEquals(0.5f, first.getFloat("rebuild.levels.p50"));

    JsonPath again = importHistory(store, csv);
    assertEquals(0, again.getInt("imported"));
    assertEquals(40, again.getInt("duplicates"));
    assertEquals(0, again.getInt("rebuild.deliveriesFolded"));
  }

  /**
   * Thirty weeks of Tuesday shipments on two lanes where whole days overshoot the median: to
   * Manhattan 5% take one day, 65% two; to Philadelphia 20% one day, 55% two. At the nominal level
   * both likely dates are day two, which 72.5% of parcels meet.
   */
  /**
   * A Tuesday thirty-one weeks ago: the thirty weeks of history end a little before today, so the
   * recalibration window (the last weeks before the newest delivery) lies in the current season.
   */
  static final LocalDate CALIBRATION_START =
      historyEnd(LocalDate.now(java.time.ZoneOffset.UTC))
          .minusWeeks(31)
          .with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.TUESDAY));

  /**
   * Today, unless the last weeks before it straddle the start of peak season (November to mid
   * January): then a day in October, so the whole recalibration window lies in one season.
   */
  static LocalDate historyEnd(LocalDate today) {
    if (today.getMonthValue() >= 11) {
      return LocalDate.of(today.getYear(), 10, 20);
    }
    if (today.getMonthValue() == 1 && today.getDayOfMonth() <= 15) {
      return LocalDate.of(today.getYear() - 1, 10, 20);
    }
    return today;
  }

  static String calibrationHistory(int fromWeek, int toWeek) {
    return calibrationHistory(fromWeek, toWeek, fromWeek * 150);
  }

  static String calibrationHistory(int fromWeek, int toWeek, int firstId) {
    StringBuilder csv = new StringBuilder(HEADER);
    int n = firstId;
    for (int week = fromWeek; week < toWeek; week++) {
      LocalDate ship = CALIBRATION_START.plusWeeks(week);
      for (int i = 0; i < 150; i++) {
        boolean manhattan = i % 2 == 0;
        double u = (i / 2 + 0.5) / 75;
        int days =
            manhattan
                ? (u < 0.05 ? 1 : u < 0.70 ? 2 : u < 0.90 ? 3 : 4)
                : (u < 0.20 ? 1 : u < 0.75 ? 2 : 3);
        LocalDate delivered = BusinessCalendar.plusBusinessDays("US", ship, days);
        csv.append("C-")
            .append(n++)
            .append(",ups,Ground,07094,US,")
            .append(manhattan ? "10001" : "19101")
            .append(",US,")
            .append(ship)
            .append("T09:00:00-05:00,")
            .append(ship)
            .append("T16:00:00-05:00,")
            .append(delivered)
            .append("T12:00:00-05:00,1,5\n");
      }
    }
    return csv.toString();
  }

  @Test
  void levelsAreFittedOnAHeldOutSliceOfTheStoresHistoryAndPromisesUseThem() {
    TestStore store = TestStores.create();
    // Three files: each stays under the request size limit.
    importHistory(store, calibrationHistory(0, 10));
    importHistory(store, calibrationHistory(10, 20));
    importHistory(store, calibrationHistory(20, 30));
    // The last four weeks again, as other parcels: the recalibration window (the four weeks
    // before the newest delivery) then holds the 1,000 parcels calibration needs.
    JsonPath imported = importHistory(store, calibrationHistory(26, 30, 100_000));
    assertEquals(600, imported.getInt("imported"));
    int samples = imported.getInt("rebuild.levels.samples");
    assertTrue(samples >= 1000 && samples <= 1500, "four weeks of parcels, was " + samples);
    float p50 = imported.getFloat("rebuild.levels.p50");
    assertTrue(p50 < 0.5f, "the likely date's level moves down, was " + p50);

    // Philadelphia's likely date moves to day one (20%), Manhattan's stays on day two (70%):
    // 45% of parcels by the likely date instead of 72.5%.
    for (String[] lane : new String[][] {{"10001", "2"}, {"19101", "1"}}) {
      store
          .storefront()
          .queryParam("destinationPostalCode", lane[0])
          .queryParam("country", "US")
          .get("/api/v1/promises")
          .then()
          .statusCode(200)
          .body("options[0].basis.level", equalTo("lane"))
          .body("options[0].transitDays.p50", equalTo(Integer.parseInt(lane[1])));
    }
  }

  @Test
  void aFileWithoutRequiredColumnsIsAProblemNamingThem() {
    TestStore store = TestStores.create();
    given()
        .auth()
        .oauth2(store.adminKey())
        .contentType("text/csv")
        .body("carrier,service\nups,Ground\n")
        .post("/api/v1/admin/promises/history")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("file"));
    store
        .storefront()
        .contentType("text/csv")
        .body(history())
        .post("/api/v1/admin/promises/history")
        .then()
        .statusCode(403);
  }

  @Test
  void aStorefrontKeyGetsPromisesForEachCarrierAndServiceTheStoreUses() {
    TestStore store = TestStores.create();
    importHistory(store, history());
    JsonPath promises =
        store
            .storefront()
            .queryParam("destinationPostalCode", "10001")
            .queryParam("country", "us")
            .get("/api/v1/promises")
            .then()
            .statusCode(200)
            .body("country", equalTo("US"))
            .body("region", equalTo("US:100"))
            .body("handover", notNullValue())
            .body("options.carrier", contains("ups"))
            .body("options[0].service", equalTo("Ground"))
            .body("options[0].basis.level", equalTo("lane"))
            .body("options[0].basis.samples", equalTo(40))
            .body("options[0].transitDays.p50", equalTo(2))
            .body("options[0].published.maxDays", equalTo(5))
            .extract()
            .jsonPath();
    LocalDate handover = LocalDate.parse(promises.getString("handover"));
    LocalDate likely = LocalDate.parse(promises.getString("options[0].likely"));
    LocalDate safe = LocalDate.parse(promises.getString("options[0].safe"));
    assertEquals(BusinessCalendar.plusBusinessDays("US", handover, 2), likely);
    assertFalse(safe.isBefore(likely));

    // A destination the store never shipped to backs off and says so.
    store
        .storefront()
        .queryParam("destinationPostalCode", "98101")
        .queryParam("country", "US")
        .get("/api/v1/promises")
        .then()
        .statusCode(200)
        .body("options[0].basis.level", equalTo("country"));
    store
        .storefront()
        .queryParam("destinationPostalCode", "10001")
        .get("/api/v1/promises")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("country"));
    given().queryParam("country", "US").get("/api/v1/promises").then().statusCode(401);
  }

  @Test
  void processingTimeAndCutOffAreStoreSettings() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body(Map.of("processingDays", 2, "orderCutoff", "00:00"))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200)
        .body("processingDays", equalTo(2))
        .body("orderCutoff", equalTo("00:00"));
    store
        .storeAdmin()
        .body(Map.of("orderCutoff", "25:00"))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("orderCutoff"));
    importHistory(store, history());
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String handover =
        store
            .storefront()
            .queryParam("destinationPostalCode", "10001")
            .queryParam("country", "US")
            .get("/api/v1/promises")
            .then()
            .statusCode(200)
            .extract()
            .path("handover");
    // Every order is after a 00:00 cut-off: the next business day, plus two days' processing.
    assertEquals(
        BusinessCalendar.plusBusinessDays(
            "US", BusinessCalendar.onOrAfter("US", today.plusDays(1)), 2),
        LocalDate.parse(handover));
  }

  @Test
  void shipmentEstimatesFollowScansAndEveryChangeIsRecorded() {
    TestStore store = TestStores.create();
    importHistory(store, history());
    String orderNumber = TestStores.orderNumber();
    String shipmentId =
        store
            .merchant()
            .body(
                Map.of(
                    "orderNumber",
                    orderNumber,
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
                            Map.of("postalCode", "07094", "country", "US"),
                            "carrierEstimatedDelivery",
                            "2030-01-02"))))
            .post("/api/v1/orders")
            .then()
            .statusCode(201)
            .extract()
            .path("shipments[0].id");

    store
        .storefront()
        .queryParam("orderNumber", orderNumber)
        .queryParam("email", "ada@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(200)
        .body("shipments[0].estimatedDelivery.source", equalTo("waybill"))
        .body("shipments[0].estimatedDelivery.earliest", notNullValue())
        .body("shipments[0].estimatedDelivery.safeDate", notNullValue())
        .body("shipments[0].estimatedDelivery.carrierDate", equalTo("2030-01-02"));

    // A scan at the destination's local depot: the next business day.
    OffsetDateTime scanned = OffsetDateTime.now(ZoneOffset.UTC).withHour(9);
    store
        .merchant()
        .body(
            Map.of(
                "status",
                "IN_TRANSIT",
                "occurredAt",
                scanned.toString(),
                "location",
                Map.of("city", "New York", "postalCode", "10001", "country", "US")))
        .post("/api/v1/shipments/" + shipmentId + "/events")
        .then()
        .statusCode(201);
    String next = BusinessCalendar.plusBusinessDays("US", scanned.toLocalDate(), 1).toString();
    String token =
        store
            .storefront()
            .queryParam("orderNumber", orderNumber)
            .queryParam("email", "ada@example.com")
            .get("/api/v1/tracking")
            .then()
            .statusCode(200)
            .body("shipments[0].estimatedDelivery.date", equalTo(next))
            .body("shipments[0].estimatedDelivery.carrierDate", equalTo("2030-01-02"))
            .extract()
            .path("token");
    // The page shows Waybill's estimate with the carrier's beside it.
    String page = given().get("/t/" + token).then().statusCode(200).extract().asString();
    assertTrue(page.contains("s estimate</dt>"), page);

    JsonPath history =
        given()
            .auth()
            .oauth2(store.supportKey())
            .get("/api/v1/promises/shipments/" + shipmentId)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<String> statuses = history.getList("changes.status");
    assertEquals(2, statuses.size(), statuses.toString());
    assertEquals("IN_TRANSIT", statuses.get(1));
    assertEquals(next, history.getString("changes[1].likely"));
    assertEquals("2030-01-02", history.getString("changes[1].carrierEstimate"));

    // Delivered shipments feed the model on the next rebuild.
    store
        .merchant()
        .body(Map.of("status", "DELIVERED", "occurredAt", scanned.plusHours(3).toString()))
        .post("/api/v1/shipments/" + shipmentId + "/events")
        .then()
        .statusCode(201);
    given()
        .auth()
        .oauth2(store.adminKey())
        .contentType(ContentType.JSON)
        .post("/api/v1/admin/promises/rebuild")
        .then()
        .statusCode(200)
        .body("shipmentsAdded", equalTo(1))
        .body("deliveriesFolded", equalTo(1));
    given()
        .auth()
        .oauth2(TestStores.key(TestStores.create().slug(), "support"))
        .get("/api/v1/promises/shipments/" + shipmentId)
        .then()
        .statusCode(404);
  }

  @Test
  void theScheduledRebuildFoldsInHistoryThatArrivedSinceTheLastRun() throws Exception {
    TestStore store = TestStores.create();
    UUID storeId =
        UUID.fromString(
            store
                .storeAdmin()
                .get("/api/v1/admin/stores/" + store.slug())
                .then()
                .extract()
                .path("id"));
    List<HistoryRow> rows = new ArrayList<>();
    HistoryCsv.read(new StringReader(history()), rows::add, e -> {});
    deliveryHistory.add(storeId, "import", rows).await().atMost(Duration.ofSeconds(10));
    store
        .storefront()
        .queryParam("destinationPostalCode", "10001")
        .queryParam("country", "US")
        .get("/api/v1/promises")
        .then()
        .statusCode(200)
        .body("options.size()", equalTo(0));

    rollups.rebuildAll().await().atMost(Duration.ofSeconds(30));

    store
        .storefront()
        .queryParam("destinationPostalCode", "10001")
        .queryParam("country", "US")
        .get("/api/v1/promises")
        .then()
        .statusCode(200)
        .body("options[0].basis.samples", equalTo(40));
  }
}
