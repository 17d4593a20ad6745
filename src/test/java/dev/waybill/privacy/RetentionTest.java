package dev.waybill.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.insights.analytics.RollupJob;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Personal data goes a retention after delivery; the statistics built from it stay. */
@QuarkusTest
class RetentionTest {

  @Inject Pool pool;
  @Inject Retention retention;
  @Inject RollupJob rollups;

  private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC);

  private static String order(
      TestStore store, OffsetDateTime placed, OffsetDateTime shipped, OffsetDateTime delivered) {
    String number = TestStores.orderNumber();
    Map<String, Object> body =
        new java.util.HashMap<>(
            ErasureApiTest.order(
                number,
                "keep-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                "+4915112345678"));
    body.put("placedAt", placed.toString());
    store.merchant().body(body).post("/api/v1/orders").then().statusCode(201);
    String shipment =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("shipments[0].id");
    if (shipped != null) {
      event(store, shipment, "PICKED_UP", shipped);
    }
    if (delivered != null) {
      event(store, shipment, "DELIVERED", delivered);
    }
    return number;
  }

  private static void event(TestStore store, String shipment, String status, OffsetDateTime at) {
    store
        .merchant()
        .body(Map.of("status", status, "occurredAt", at.toString(), "eventId", status + at))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
  }

  private List<String> rows(String sql, UUID storeId) {
    List<String> out = new ArrayList<>();
    for (Row r :
        pool.preparedQuery(sql).execute(Tuple.of(storeId)).await().atMost(Duration.ofSeconds(10))) {
      out.add(r.toJson().encode());
    }
    return out;
  }

  private List<String> statistics(TestStore store, UUID storeId) {
    rollups.runOnce().await().atMost(Duration.ofSeconds(60));
    store.storeAdmin().post("/api/v1/admin/promises/rebuild").then().statusCode(200);
    List<String> all = new ArrayList<>();
    all.addAll(
        rows(
            "SELECT * FROM analytics_daily WHERE store_id = $1 ORDER BY day, carrier, service,"
                + " country, region",
            storeId));
    all.addAll(
        rows(
            "SELECT * FROM analytics_weekly WHERE store_id = $1 ORDER BY day, carrier, service,"
                + " country, region",
            storeId));
    all.addAll(
        rows(
            "SELECT store_id, carrier_code, service_level, origin_region, destination_region,"
                + " destination_country, season, pickup_weekday, transit_days, deliveries"
                + " FROM promise_rollups WHERE store_id = $1 ORDER BY 2, 3, 4, 5, 6, 7, 8, 9",
            storeId));
    return all;
  }

  private Row order(String number) {
    return pool.preparedQuery(
            "SELECT o.*, s.destination_postal_code AS dest_postal FROM orders o"
                + " JOIN shipments s ON s.order_id = o.id WHERE o.order_number = $1")
        .execute(Tuple.of(number))
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next();
  }

  @Test
  void ordersDeliveredLongerAgoThanTheRetentionAreAnonymizedAndStatisticsStay() {
    TestStore store = TestStores.create();
    UUID storeId =
        TestStores.platformAdmin()
            .get("/api/v1/admin/stores/" + store.slug())
            .then()
            .extract()
            .jsonPath()
            .getUUID("id");
    String old = order(store, NOW.minusDays(420), NOW.minusDays(419), NOW.minusDays(400));
    String recent = order(store, NOW.minusDays(20), NOW.minusDays(19), NOW.minusDays(15));
    String undelivered = order(store, NOW.minusDays(420), NOW.minusDays(419), null);

    List<String> before = statistics(store, storeId);
    assertFalse(before.isEmpty(), "the store has statistics");

    ErasureReport report =
        retention.run(Duration.ofDays(365)).await().atMost(Duration.ofSeconds(60));
    assertTrue(report.orders() >= 1, "at least this store's old order: " + report);
    assertTrue(report.shipments() >= 1);

    Row o = order(old);
    assertNotNull(o.getOffsetDateTime("anonymized_at"));
    assertEquals("", o.getString("customer_email"));
    assertNull(o.getString("customer_phone"));
    assertNull(o.getString("ship_line1"));
    assertEquals("10", o.getString("ship_postal_code"));
    assertEquals("BE", o.getString("ship_region"));
    assertEquals("DELIVERED", o.getString("status"));
    for (String kept : List.of(recent, undelivered)) {
      Row k = order(kept);
      assertNull(k.getOffsetDateTime("anonymized_at"), kept);
      assertTrue(k.getString("customer_email").startsWith("keep-"), kept);
    }

    // The rollups are computed again from the anonymized rows, and come out the same.
    assertEquals(before, statistics(store, storeId));

    // A second run finds nothing more of this store's.
    retention.run(Duration.ofDays(365)).await().atMost(Duration.ofSeconds(60));
    assertNotNull(order(old).getOffsetDateTime("anonymized_at"));
    assertNull(order(recent).getOffsetDateTime("anonymized_at"));
  }

  @Test
  void carrierPushesAreDeletedOnceTheirRetentionHasPassedAppliedOrNot() {
    String oldApplied = push(8, true);
    String oldPending = push(8, false);
    String recent = push(1, true);

    ErasureReport report =
        retention.run(Duration.ofDays(365)).await().atMost(Duration.ofSeconds(60));

    assertTrue(report.carrierPushes() >= 2, "at least these two: " + report);
    assertEquals(List.of(recent), stored(List.of(oldApplied, oldPending, recent)));
  }

  /** A carrier push received this many days ago; its id. */
  private String push(int daysAgo, boolean processed) {
    String id = "evt_" + UUID.randomUUID();
    pool.preparedQuery(
            "INSERT INTO webhook_inbox (id, source, external_id, payload, received_at,"
                + " processed_at) VALUES ($1, 'easypost', $2, $3, now() - make_interval(days => $4),"
                + " CASE WHEN $5 THEN now() END)")
        .execute(
            Tuple.of(
                UUID.randomUUID(),
                id,
                processed ? null : "{\"signed_by\":\"Ada\"}",
                daysAgo,
                processed))
        .await()
        .atMost(Duration.ofSeconds(10));
    return id;
  }

  private List<String> stored(List<String> ids) {
    List<String> out = new ArrayList<>();
    for (Row r :
        pool.preparedQuery(
                "SELECT external_id FROM webhook_inbox WHERE external_id = ANY($1) ORDER BY 1")
            .execute(Tuple.of(ids.toArray(String[]::new)))
            .await()
            .atMost(Duration.ofSeconds(10))) {
      out.add(r.getString(0));
    }
    return out;
  }
}
