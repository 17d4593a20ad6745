package dev.waybill.carriers;

import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.orders.PolledShipment;
import dev.waybill.orders.ShipmentLeases;
import dev.waybill.orders.Timeline;
import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.TrackingStatus;
import dev.waybill.testing.MutableClock;
import dev.waybill.testing.Reports;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DailyCallBudgetTest {

  private static final Duration TICK = Duration.ofMinutes(10);

  @Inject ShipmentLeases leases;
  @Inject PollDispatcher dispatcher;
  @Inject Timeline updates;
  @Inject BudgetedCarrier carrier;
  @Inject MutableClock clock;
  @Inject MeterRegistry metrics;
  @Inject Pool pool;

  @AfterEach
  void timeGoesBack() {
    clock.reset();
  }

  @Test
  void twentyCallsADayOverAHundredShipmentsAreSpreadPrioritisedAndFailNothing() {
    TestStore store = TestStores.create();
    List<UUID> ids = shipments(store, 100);
    List<PolledShipment> all = ids.stream().map(id -> Reports.polled(pool, id)).toList();
    Set<String> outForDelivery = new HashSet<>();
    Set<String> inTransit = new HashSet<>();
    Set<String> firstScanPending = new HashSet<>();
    OffsetDateTime earlier = OffsetDateTime.now().minusHours(3);
    for (int i = 0; i < all.size(); i++) {
      PolledShipment s = all.get(i);
      if (i % 20 == 0) {
        apply(s, TrackingStatus.OUT_FOR_DELIVERY, earlier);
        outForDelivery.add(s.trackingNumber());
      } else if (i % 2 == 0) {
        apply(s, TrackingStatus.IN_TRANSIT, earlier);
        inTransit.add(s.trackingNumber());
      } else {
        firstScanPending.add(s.trackingNumber());
      }
    }
    assertEquals(5, outForDelivery.size());
    // Out for delivery gets delivered, a pending parcel its first scan, the rest nothing new.
    carrier.answerWith(
        n ->
            outForDelivery.contains(n)
                ? Reports.report(n, scan(earlier.plusHours(1), TrackingStatus.DELIVERED))
                : firstScanPending.contains(n)
                    ? Reports.report(n, scan(earlier.plusHours(1), TrackingStatus.PICKED_UP))
                    : Reports.report(n, scan(earlier, TrackingStatus.IN_TRANSIT)));

    Instant midnight =
        LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
            .plusDays(1)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    clock.advance(Duration.between(clock.instant(), midnight).plusSeconds(1));
    Instant lastTick = midnight.plus(Duration.ofDays(1)).minus(TICK);
    while (clock.instant().isBefore(lastTick)) {
      List<PolledShipment> due =
          leases
              .claim("budget-pod", List.of(BudgetedCarrier.CODE), 1000, Duration.ofMinutes(2))
              .await()
              .atMost(Duration.ofSeconds(30));
      dispatcher.dispatch(due).await().atMost(Duration.ofSeconds(60));
      clock.advance(TICK);
    }

    List<BudgetedCarrier.Call> calls =
        carrier.calls().stream().filter(c -> !c.at().isBefore(midnight)).toList();
    assertEquals(BudgetedCarrier.DAILY_CALLS, calls.size(), "the whole budget, and no more");
    // Spread: by any moment, at most the day's elapsed share of the budget (plus one) is spent.
    Duration pace = Duration.ofDays(1).dividedBy(BudgetedCarrier.DAILY_CALLS);
    for (int i = 0; i < calls.size(); i++) {
      Instant earliest = midnight.plus(pace.multipliedBy(i));
      assertTrue(!calls.get(i).at().isBefore(earliest), "call " + i + " at " + calls.get(i).at());
    }
    assertTrue(calls.get(calls.size() - 1).at().isAfter(midnight.plus(Duration.ofHours(22))));
    // Prioritised: out for delivery first, then parcels waiting for their first scan.
    List<String> numbers = calls.stream().map(BudgetedCarrier.Call::trackingNumber).toList();
    assertEquals(outForDelivery, new HashSet<>(numbers.subList(0, 5)));
    assertTrue(firstScanPending.containsAll(numbers.subList(5, 20)), numbers.toString());
    assertTrue(numbers.stream().noneMatch(inTransit::contains));
    // Each call carried the order's postal code, for carriers that protect details with it.
    assertTrue(calls.stream().allMatch(c -> "10115".equals(c.postalCode())));

    // Nothing failed: no failure counted, every shipment still scheduled, none expired.
    for (Row row :
        pool.preparedQuery(
                """
                SELECT status, poll_failures, next_poll_at
                FROM shipments
                WHERE id = ANY($1)
                """)
            .execute(Tuple.of(ids.toArray(new UUID[0])))
            .await()
            .indefinitely()) {
      assertEquals(0, row.getInteger("poll_failures"));
      assertTrue(row.getOffsetDateTime("next_poll_at") != null);
      assertTrue(
          List.of("DELIVERED", "PICKED_UP", "IN_TRANSIT", "INFO_RECEIVED")
              .contains(row.getString("status")),
          row.getString("status"));
    }

    assertEquals(
        0.0,
        metrics
            .get("waybill.carrier.quota.remaining")
            .tag("carrier", BudgetedCarrier.CODE)
            .gauge()
            .value());
    RestAssured.given()
        .auth()
        .oauth2(TestStores.adminToken())
        .get("/api/v1/admin/carriers")
        .then()
        .statusCode(200)
        .body(
            "find { it.code == '" + BudgetedCarrier.CODE + "' }.dailyCallBudget",
            Matchers.equalTo(BudgetedCarrier.DAILY_CALLS))
        .body(
            "find { it.code == '" + BudgetedCarrier.CODE + "' }.callsRemainingToday",
            Matchers.equalTo(0));
  }

  private void apply(PolledShipment s, TrackingStatus status, OffsetDateTime at) {
    updates
        .apply(s, Reports.report(s.trackingNumber(), scan(at, status)), EventSource.POLL)
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  private static dev.waybill.shipping.ReportedEvent scan(OffsetDateTime at, TrackingStatus status) {
    return Reports.scan(at, status, status.name(), "scan " + status);
  }

  private List<UUID> shipments(TestStore store, int n) {
    String number = orderNumber();
    store
        .merchant()
        .body(order(number, "budget@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(
          UUID.fromString(
              store
                  .merchant()
                  .body(
                      Map.of(
                          "carrier",
                          BudgetedCarrier.CODE,
                          "trackingNumber",
                          "BGT-" + UUID.randomUUID().toString().substring(0, 18)))
                  .post("/api/v1/orders/" + number + "/shipments")
                  .then()
                  .statusCode(201)
                  .extract()
                  .path("id")));
    }
    return ids;
  }
}
