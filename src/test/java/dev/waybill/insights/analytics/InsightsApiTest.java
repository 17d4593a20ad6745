package dev.waybill.insights.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.support.CaseType;
import dev.waybill.support.ContactChannel;
import dev.waybill.support.NewCase;
import dev.waybill.support.SupportCases;
import dev.waybill.testing.Management;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The analytics API over rollups built by the job, against real Postgres and Redis. */
@QuarkusTest
class InsightsApiTest {

  /** A week ago, so every delivery below is in the past. */
  static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(8);

  static final String REGION = "Île-de-France, \"Paris\"";

  @Inject RollupJob job;
  @Inject SupportCases cases;
  @Inject PageViews pageViews;
  @Inject io.vertx.mutiny.sqlclient.Pool pool;

  @Test
  void summaryCountsPromisesTimesExceptionsLostAndWismoFromRollups() {
    TestStore store = history();
    job.runOnce().await().indefinitely();

    JsonPath m = summary(store, Map.of()).jsonPath();
    assertEquals(5, m.getInt("metrics.orders"));
    assertEquals(4, m.getInt("metrics.shipments"));
    assertEquals(3, m.getInt("metrics.delivered"));
    assertEquals(1, m.getInt("metrics.early"));
    assertEquals(1, m.getInt("metrics.onTime"));
    assertEquals(1, m.getInt("metrics.late"));
    assertEquals(66.7f, m.getFloat("metrics.onTimeRate"));
    assertEquals(0, m.getInt("metrics.noPromise"));
    assertEquals(1, m.getInt("metrics.exceptionsByParty.carrier"));
    assertEquals(1, m.getInt("metrics.delayScans"));
    assertEquals(1, m.getInt("metrics.lost"));
    assertEquals(1, m.getInt("metrics.wismoCases"));
    assertEquals(20.0f, m.getFloat("metrics.wismoPer100Orders"));
    // Transit 1.8, 1.1 and 3.0 days: the median lies in the 1-2 day bucket.
    float p50 = m.getFloat("metrics.transitP50Days");
    assertTrue(p50 >= 1 && p50 <= 2, "p50 " + p50);
    assertEquals(m.getList("transitBuckets").size(), m.getList("metrics.transitHistogram").size());
  }

  @Test
  void filtersAndSeriesNarrowByCarrierCountryAndLane() {
    TestStore store = history();
    job.runOnce().await().indefinitely();

    JsonPath fedex = summary(store, Map.of("carrier", "fedex")).jsonPath();
    assertEquals(1, fedex.getInt("metrics.delivered"));
    assertEquals(1, fedex.getInt("metrics.late"));
    assertEquals(0.0f, fedex.getFloat("metrics.onTimeRate"));
    assertNull(fedex.get("metrics.pageViews"), "page views are per store only");

    JsonPath fr = summary(store, Map.of("country", "fr")).jsonPath();
    assertEquals(1, fr.getInt("metrics.delivered"));

    JsonPath byCarrier =
        series(store, Map.of("groupBy", "carrier", "from", DAY.toString())).jsonPath();
    assertEquals(List.of("carrier"), byCarrier.getList("groupBy"));
    assertTrue(byCarrier.getList("rows.carrier").containsAll(List.of("ups", "fedex", "")));
    assertEquals(
        2,
        byCarrier.getInt("rows.find { it.carrier == 'ups' }.metrics.delivered"),
        byCarrier.prettify());

    JsonPath lanes = series(store, Map.of("groupBy", "lane,week")).jsonPath();
    assertEquals(
        List.of("carrier", "service", "country", "region", "week"), lanes.getList("groupBy"));
    assertTrue(lanes.getList("rows.region").contains(REGION), lanes.prettify());
    assertEquals(
        DAY.with(java.time.DayOfWeek.MONDAY).toString(),
        lanes.getString("rows.find { it.carrier == 'fedex' }.period"));
  }

  @Test
  void rollupsFollowChangesIncrementallyAndRepeatRunsChangeNothing() {
    TestStore store = history();
    job.runOnce().await().indefinitely();
    int before = summary(store, Map.of()).jsonPath().getInt("metrics.delivered");
    job.runOnce().await().indefinitely();
    assertEquals(before, summary(store, Map.of()).jsonPath().getInt("metrics.delivered"));

    String shipment = shipment(store, "ups", "Ground", DAY.plusDays(3), "US", "NY", 6, null);
    event(store, shipment, "DELIVERED", null, DAY.atTime(12, 0).plusDays(2));
    job.runOnce().await().indefinitely();
    JsonPath after = summary(store, Map.of()).jsonPath();
    assertEquals(before + 1, after.getInt("metrics.delivered"));
    assertEquals(2, after.getInt("metrics.early"));
  }

  @Test
  void csvExportOpensInSpreadsheets() {
    TestStore store = history();
    job.runOnce().await().indefinitely();

    Response csv =
        given()
            .auth()
            .oauth2(store.supportKey())
            .queryParams(params(Map.of("groupBy", "lane")))
            .get("/api/v1/insights/export.csv");
    csv.then().statusCode(200);
    assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
    assertTrue(csv.contentType().toLowerCase().contains("charset=utf-8"));
    assertEquals(
        "attachment; filename=\"waybill-insights-"
            + DAY.minusDays(1)
            + "-to-"
            + LocalDate.now(ZoneOffset.UTC)
            + ".csv\"",
        csv.header("Content-Disposition"));
    String body = new String(csv.asByteArray(), StandardCharsets.UTF_8);
    assertTrue(body.startsWith("\uFEFFcarrier,service,country,region,orders,"), body);
    String[] lines = body.split("\r\n");
    assertTrue(lines.length >= 4, body);
    assertTrue(body.contains(",\"Île-de-France, \"\"Paris\"\"\","), body);
    int columns = lines[0].split(",").length;
    for (String line : lines) {
      if (!line.contains("Paris")) {
        assertEquals(columns, line.split(",", -1).length, line);
      }
    }
  }

  @Test
  void aSeriesComesInKeysetPagesThatNeitherSkipNorRepeatRows() {
    TestStore store = history();
    job.runOnce().await().indefinitely();
    List<Map<String, Object>> whole =
        series(store, Map.of("groupBy", "lane,week", "limit", 1000)).jsonPath().getList("rows");
    assertTrue(whole.size() >= 3, whole.toString());
    assertNull(
        series(store, Map.of("groupBy", "lane,week", "limit", 1000)).jsonPath().get("nextCursor"));

    List<Map<String, Object>> paged = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, Object> q = new HashMap<>(Map.of("groupBy", "lane,week", "limit", 2));
      if (cursor != null) {
        q.put("cursor", cursor);
      }
      JsonPath page = series(store, q).jsonPath();
      List<Map<String, Object>> rows = page.getList("rows");
      assertTrue(rows.size() <= 2);
      paged.addAll(rows);
      cursor = page.getString("nextCursor");
      pages++;
    } while (cursor != null && pages < 50);
    assertEquals(whole, paged, "the pages, one after another, are the whole series");
    assertEquals((whole.size() + 1) / 2, pages);
  }

  @Test
  void theOpenApiDocumentDescribesThePagingOfSeries() {
    Management.given()
        .accept(ContentType.JSON)
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(
            "paths.'/api/v1/insights/series'.get.parameters.name",
            hasItems("limit", "cursor", "groupBy"))
        .body(
            "components.schemas.InsightsSeries.properties.nextCursor.description",
            containsString("cursor"));
  }

  @Test
  void pagesAreBoundedAndCursorsBelongToTheirSeries() {
    TestStore store = history();
    job.runOnce().await().indefinitely();
    given()
        .auth()
        .oauth2(store.supportKey())
        .queryParams(params(Map.of("groupBy", "lane", "limit", 1001)))
        .get("/api/v1/insights/series")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("limit"));
    String cursor =
        series(store, Map.of("groupBy", "lane", "limit", 1)).jsonPath().getString("nextCursor");
    given()
        .auth()
        .oauth2(store.supportKey())
        .queryParams(params(Map.of("groupBy", "week", "cursor", cursor)))
        .get("/api/v1/insights/series")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("cursor"));
    given()
        .auth()
        .oauth2(store.supportKey())
        .queryParams(params(Map.of("groupBy", "lane", "cursor", "not-a-cursor")))
        .get("/api/v1/insights/series")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("cursor"));
  }

  @Test
  void theCsvExportHasEveryRowOfTheSeriesWhateverThePageSize() {
    TestStore store = history();
    job.runOnce().await().indefinitely();
    List<Map<String, Object>> whole =
        series(store, Map.of("groupBy", "week,lane", "limit", 1000)).jsonPath().getList("rows");
    // The test profile reads two rows per query, so this export is written in several pages.
    assertTrue(whole.size() > 2, whole.toString());
    Response csv =
        given()
            .auth()
            .oauth2(store.supportKey())
            .queryParams(params(Map.of("groupBy", "week,lane", "limit", 1)))
            .get("/api/v1/insights/export.csv");
    csv.then().statusCode(200);
    String body = new String(csv.asByteArray(), StandardCharsets.UTF_8);
    assertTrue(body.startsWith("\uFEFFweek,carrier,service,country,region,orders,"), body);
    assertEquals(1, body.split("\uFEFF", -1).length - 1, "one byte-order mark, one header");
    String[] lines = body.split("\r\n");
    assertEquals(whole.size() + 1, lines.length, body);
    for (int i = 0; i < whole.size(); i++) {
      assertTrue(lines[i + 1].startsWith(whole.get(i).get("period") + ","), lines[i + 1]);
    }
  }

  @Test
  void invalidParametersAreNamed() {
    TestStore store = TestStores.create();
    given()
        .auth()
        .oauth2(store.supportKey())
        .queryParam("from", "last tuesday")
        .queryParam("country", "Germany")
        .get("/api/v1/insights/summary")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("from"))
        .body("errors.field", hasItem("country"));
    given()
        .auth()
        .oauth2(store.supportKey())
        .queryParam("groupBy", "planet")
        .get("/api/v1/insights/series")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("groupBy"));
    given()
        .auth()
        .oauth2(store.supportKey())
        .queryParam("from", "2026-03-10")
        .queryParam("to", "2026-03-01")
        .get("/api/v1/insights/summary")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("to"));
    given()
        .auth()
        .oauth2(store.supportKey())
        .queryParam("from", "2020-01-01")
        .queryParam("to", "2026-01-01")
        .get("/api/v1/insights/summary")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("from"));
  }

  @Test
  void onlySupportAndAdminKeysMayRead() {
    TestStore store = TestStores.create();
    store.storefront().get("/api/v1/insights/summary").then().statusCode(403);
    given().get("/api/v1/insights/summary").then().statusCode(401);
    store.storeAdmin().get("/api/v1/insights/summary").then().statusCode(200);
  }

  @Test
  void trackingPageViewsCountFullLoadsButNotLiveUpdateChecks() {
    TestStore store = TestStores.create();
    String number = TestStores.orderNumber();
    TestStores.orderWithShipment(store, number, "views@example.com", TestStores.upsNumber());
    String token =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
    UUID storeId = storeId(store);

    String etag = given().get("/t/" + token).then().statusCode(200).extract().header("ETag");
    given().header("If-None-Match", etag).get("/t/" + token).then().statusCode(304);
    for (int i = 0; i < 3; i++) {
      given()
          .header("If-None-Match", etag)
          .header("X-Waybill-Live", "1")
          .get("/t/" + token)
          .then()
          .statusCode(304);
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> !pageViews.keysFor(storeId).collect().asList().await().indefinitely().isEmpty());
    job.runOnce().await().indefinitely();

    JsonPath m =
        summary(store, Map.of("from", LocalDate.now(ZoneOffset.UTC).toString())).jsonPath();
    assertEquals(2, m.getInt("metrics.pageViews"), m.prettify());
    assertEquals(200.0f, m.getFloat("metrics.pageViewsPer100Orders"));
  }

  @Test
  void onTimeIsJudgedAgainstTheFirstPromiseNotTheCarriersRevisedEstimate() {
    TestStore store = TestStores.create();
    String shipment = shipment(store, "ups", "Ground", null, "US", "CA", 8, 20);
    // Waybill first promised the window ending DAY + 1; the carrier later moved its estimate to
    // the day it finally delivered.
    pool.preparedQuery(
            "INSERT INTO shipment_estimate_changes (id, shipment_id, store_id, likely, earliest,"
                + " latest, safe, level, confidence, samples, carrier_estimate, status,"
                + " computed_at) SELECT $1, id, store_id, $2, $2, $2, $3, 'LANE', 'HIGH', 100, $2,"
                + " status, now() FROM shipments WHERE id = $4")
        .execute(
            io.vertx.mutiny.sqlclient.Tuple.of(
                UUID.randomUUID(), DAY.plusDays(1), DAY.plusDays(2), UUID.fromString(shipment)))
        .await()
        .indefinitely();
    pool.preparedQuery("UPDATE shipments SET carrier_estimated_delivery = $1 WHERE id = $2")
        .execute(io.vertx.mutiny.sqlclient.Tuple.of(DAY.plusDays(3), UUID.fromString(shipment)))
        .await()
        .indefinitely();
    event(store, shipment, "DELIVERED", null, DAY.atTime(15, 0).plusDays(3));
    job.runOnce().await().indefinitely();

    JsonPath m = summary(store, Map.of()).jsonPath();
    assertEquals(1, m.getInt("metrics.delivered"));
    assertEquals(0, m.getInt("metrics.onTime"));
    assertEquals(1, m.getInt("metrics.late"));
    assertEquals(0, m.getInt("metrics.noPromise"));
  }

  @Test
  void wholeWeeksSummedOverRegionsAgreeWithTheRegionalRows() {
    TestStore store = history();
    job.runOnce().await().indefinitely();
    // Three weeks back: whole weeks come from the weekly sums, national or regional.
    Map<String, Object> period = Map.of("from", DAY.minusDays(14).toString());

    JsonPath national = summary(store, period).jsonPath();
    Map<String, Object> byRegion = new HashMap<>(period);
    byRegion.put("groupBy", "week,region");
    JsonPath regional = series(store, byRegion).jsonPath();

    for (String metric : List.of("orders", "shipments", "delivered", "late", "lost")) {
      int sum =
          regional.getList("rows.metrics." + metric, Integer.class).stream()
              .mapToInt(Integer::intValue)
              .sum();
      assertEquals(national.getInt("metrics." + metric), sum, metric);
    }
    assertEquals(4, national.getInt("metrics.shipments"));
  }

  // --- the history --------------------------------------------------------------------------

  /**
   * Five orders placed on {@link #DAY}: UPS early (12 h processing, 1.8 days transit), UPS on time
   * after a capacity delay (24 h, 1.1 days), FedEx to France late (4 h, 3 days), a UPS parcel the
   * carrier expired, and one order never shipped whose shopper asked where it is.
   */
  private TestStore history() {
    TestStore store = TestStores.create();
    String early = shipment(store, "ups", "Ground", DAY.plusDays(3), "US", "CA", 8, 20);
    event(store, early, "DELIVERED", null, DAY.atTime(15, 0).plusDays(2));

    String onTime = shipment(store, "ups", "Ground", DAY.plusDays(2), "US", "CA", 10, 34);
    event(store, onTime, "EXCEPTION", "CARRIER_CAPACITY_DELAY", DAY.atTime(20, 0).plusDays(1));
    event(store, onTime, "DELIVERED", null, DAY.atTime(12, 0).plusDays(2));

    String late = shipment(store, "fedex", "Express", DAY.plusDays(1), "FR", REGION, 8, 12);
    event(store, late, "DELIVERED", null, DAY.atTime(12, 0).plusDays(3));

    String lost = shipment(store, "ups", "Ground", DAY.plusDays(3), "US", "TX", 8, 12);
    event(store, lost, "EXPIRED", null, DAY.atTime(12, 0).plusDays(4));

    String unshipped = TestStores.orderNumber();
    store
        .merchant()
        .body(order(unshipped, "US", "CA", DAY.atTime(9, 0)))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    cases
        .open(
            new NewCase(
                storeId(store),
                unshipped,
                null,
                CaseType.NOT_RECEIVED,
                "Where is my order?",
                ContactChannel.EMAIL,
                "ada@example.com",
                null,
                "en",
                "{}",
                UUID.randomUUID().toString()))
        .await()
        .indefinitely();
    return store;
  }

  /** An order placed on DAY at {@code placedHour} with one shipment shipped at shippedHour. */
  private static String shipment(
      TestStore store,
      String carrier,
      String service,
      LocalDate promised,
      String country,
      String region,
      int placedHour,
      Integer shippedHour) {
    String number = TestStores.orderNumber();
    store
        .merchant()
        .body(order(number, country, region, DAY.atTime(placedHour, 0)))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    Map<String, Object> body = new HashMap<>();
    body.put("carrier", carrier);
    body.put("trackingNumber", carrier.equals("ups") ? TestStores.upsNumber() : "FX" + number);
    body.put("serviceLevel", service);
    if (promised != null) {
      body.put("promisedDelivery", promised.toString());
    }
    if (shippedHour != null) {
      body.put(
          "shippedAt",
          DAY.atStartOfDay().plusHours(shippedHour).atOffset(ZoneOffset.UTC).toString());
    }
    return store
        .merchant()
        .body(body)
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static Map<String, Object> order(
      String number, String country, String region, java.time.LocalDateTime placed) {
    Map<String, Object> body = new HashMap<>(TestStores.order(number, "ada@example.com", "75001"));
    body.put(
        "shippingAddress",
        Map.of("city", "Somewhere", "region", region, "postalCode", "75001", "country", country));
    body.put("placedAt", placed.atOffset(ZoneOffset.UTC).toString());
    return body;
  }

  private static void event(
      TestStore store, String shipment, String status, String reason, java.time.LocalDateTime at) {
    Map<String, Object> body = new HashMap<>();
    body.put("status", status);
    body.put("occurredAt", OffsetDateTime.of(at, ZoneOffset.UTC).toString());
    if (reason != null) {
      body.put("reason", reason);
    }
    store
        .merchant()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
  }

  private static Map<String, Object> params(Map<String, Object> extra) {
    Map<String, Object> p = new HashMap<>();
    p.put("from", DAY.minusDays(1).toString());
    p.putAll(extra);
    return p;
  }

  private static Response summary(TestStore store, Map<String, Object> filters) {
    Response r =
        given()
            .auth()
            .oauth2(store.supportKey())
            .queryParams(params(filters))
            .get("/api/v1/insights/summary");
    r.then().statusCode(200);
    return r;
  }

  private static Response series(TestStore store, Map<String, Object> filters) {
    Response r =
        given()
            .auth()
            .oauth2(store.supportKey())
            .queryParams(params(filters))
            .get("/api/v1/insights/series");
    r.then().statusCode(200);
    return r;
  }

  static UUID storeId(TestStore store) {
    return TestStores.platformAdmin()
        .get("/api/v1/admin/stores/" + store.slug())
        .then()
        .extract()
        .jsonPath()
        .getUUID("id");
  }
}
