package dev.waybill.carriers;

import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.orders.PolledShipment;
import dev.waybill.orders.ShipmentLeases;
import dev.waybill.orders.Timeline;
import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import dev.waybill.testing.Reports;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PollerTest {

  @Inject ShipmentLeases leases;
  @Inject Timeline updates;
  @Inject PollDispatcher dispatcher;
  @Inject CarrierRegistry registry;
  @Inject TestCarrier testCarrier;
  @Inject Pool pool;

  @AfterEach
  void carrierBehavesAgain() {
    testCarrier.reset();
  }

  @Test
  void twoPollersClaimDisjointShipments() {
    TestStore store = TestStores.create();
    Set<UUID> created = new HashSet<>(shipments(store, TestCarrier.CODE, 40));
    // Both claims run at the same time; SKIP LOCKED keeps them apart.
    var both =
        io.smallrye.mutiny.Uni.combine()
            .all()
            .unis(
                leases.claim("pod-a", List.of(TestCarrier.CODE), 25, Duration.ofMinutes(1)),
                leases.claim("pod-b", List.of(TestCarrier.CODE), 1000, Duration.ofMinutes(1)))
            .asTuple()
            .await()
            .atMost(Duration.ofSeconds(10));
    List<PolledShipment> first = both.getItem1();
    List<PolledShipment> second = both.getItem2();
    Set<UUID> ids = new HashSet<>();
    first.forEach(s -> ids.add(s.id()));
    int overlap = 0;
    for (PolledShipment s : second) {
      if (!ids.add(s.id())) {
        overlap++;
      }
    }
    assertEquals(0, overlap);
    assertTrue(ids.containsAll(created), "every due shipment was claimed once: " + ids.size());
    release("pod-a");
    release("pod-b");
  }

  @Test
  void abandonedLeaseIsTakenAgainAfterItExpires() {
    TestStore store = TestStores.create();
    List<UUID> created = shipments(store, TestCarrier.CODE, 3);
    List<PolledShipment> taken =
        leases
            .claim("dead-pod", List.of(TestCarrier.CODE), 100, Duration.ofSeconds(3))
            .await()
            .indefinitely();
    assertTrue(taken.stream().map(PolledShipment::id).toList().containsAll(created));
    List<PolledShipment> meanwhile =
        leases
            .claim("live-pod", List.of(TestCarrier.CODE), 100, Duration.ofMinutes(1))
            .await()
            .indefinitely();
    assertFalse(meanwhile.stream().anyMatch(s -> created.contains(s.id())));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                leases
                    .claim("live-pod", List.of(TestCarrier.CODE), 100, Duration.ofMinutes(1))
                    .await()
                    .indefinitely()
                    .stream()
                    .map(PolledShipment::id)
                    .toList()
                    .containsAll(created));
    release("live-pod");
  }

  @Test
  void duplicateAndOutOfOrderEventsDoNotMoveAParcelBackwards() {
    TestStore store = TestStores.create();
    UUID id = shipments(store, TestCarrier.CODE, 1).get(0);
    PolledShipment s = Reports.polled(pool, id);
    OffsetDateTime t = OffsetDateTime.parse("2026-11-20T10:00:00+01:00");
    TrackingReport delivered =
        Reports.report(
            s.trackingNumber(),
            scan(t, TrackingStatus.IN_TRANSIT, "IT"),
            scan(t.plusHours(5), TrackingStatus.DELIVERED, "DL"));
    var first = updates.apply(s, delivered, EventSource.POLL).await().indefinitely();
    assertEquals(TrackingStatus.DELIVERED, first.to());
    assertEquals(2, first.newEvents());
    var again = updates.apply(s, delivered, EventSource.POLL).await().indefinitely();
    assertEquals(0, again.newEvents());
    assertFalse(again.statusChanged());
    // A late ordinary scan, even with a later time, cannot undo a delivery.
    var late =
        updates
            .apply(
                s,
                Reports.report(
                    s.trackingNumber(), scan(t.plusHours(6), TrackingStatus.IN_TRANSIT, "IT2")),
                EventSource.POLL)
            .await()
            .indefinitely();
    assertEquals(TrackingStatus.DELIVERED, late.to());
    assertEquals(1, late.newEvents());
    assertEquals(1L, count("SELECT count(*) FROM status_changes WHERE shipment_id = $1", id));
    assertEquals(
        1L,
        count(
            "SELECT count(*) FROM outbox WHERE aggregate_id = $1 AND topic = 'shipment.status_changed'",
            id));
  }

  @Test
  void unknownCarrierCodeBecomesUnknownAndIsReported() {
    TestStore store = TestStores.create();
    UUID id = shipments(store, TestCarrier.CODE, 1).get(0);
    TrackingReport answer =
        Reports.report(
            Reports.polled(pool, id).trackingNumber(),
            scan(OffsetDateTime.now(), TrackingStatus.UNKNOWN, "ZZ-NEW-CODE"));
    testCarrier.answerWith(n -> answer);
    poll(id);
    RestAssured.given()
        .auth()
        .oauth2(TestStores.adminToken())
        .get("/api/v1/admin/carriers/unknown-codes")
        .then()
        .statusCode(200)
        .body(
            "find { it.code == 'ZZ-NEW-CODE' }.carrier",
            org.hamcrest.Matchers.equalTo(TestCarrier.CODE));
  }

  @Test
  void openCircuitOnOneCarrierDoesNotDelayAnother() {
    TestStore store = TestStores.create();
    UUID slow = shipments(store, TestCarrier.CODE, 1).get(0);
    String number = orderNumber();
    store
        .merchant()
        .body(order(number, "fast@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    UUID fast =
        UUID.fromString(
            store
                .merchant()
                .body(
                    Map.of(
                        "carrier",
                        "waybill-sim",
                        "trackingNumber",
                        "SIM-ONTIME-T1700000000-" + number))
                .post("/api/v1/orders/" + number + "/shipments")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    testCarrier.hangFor(Duration.ofSeconds(8));
    long start = System.currentTimeMillis();
    dispatcher
        .dispatch(List.of(Reports.polled(pool, slow), Reports.polled(pool, fast)))
        .subscribe()
        .with(x -> {}, e -> {});
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "DELIVERED".equals(status(fast)));
    assertTrue(System.currentTimeMillis() - start < 5000);

    // Repeated failures open the test carrier's circuit; it is then left out of claims.
    testCarrier.failAlways();
    for (int i = 0; i < 6; i++) {
      dispatcher
          .dispatch(List.of(Reports.polled(pool, slow)))
          .await()
          .atMost(Duration.ofSeconds(30));
    }
    assertFalse(registry.pollable().contains(TestCarrier.CODE));
    assertTrue(registry.pollable().contains("waybill-sim"));
    assertEquals("OPEN", registry.circuits().get(TestCarrier.CODE));
  }

  private void poll(UUID id) {
    dispatcher.dispatch(List.of(Reports.polled(pool, id))).await().atMost(Duration.ofSeconds(30));
  }

  private List<UUID> shipments(TestStore store, String carrier, int n) {
    String number = orderNumber();
    store
        .merchant()
        .body(order(number, "poll@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    List<UUID> ids = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(
          UUID.fromString(
              store
                  .merchant()
                  .body(
                      Map.of(
                          "carrier",
                          carrier,
                          "trackingNumber",
                          "TST-" + UUID.randomUUID().toString().substring(0, 18)))
                  .post("/api/v1/orders/" + number + "/shipments")
                  .then()
                  .statusCode(201)
                  .extract()
                  .path("id")));
    }
    return ids;
  }

  private String status(UUID id) {
    return pool.preparedQuery("SELECT status FROM shipments WHERE id = $1")
        .execute(Tuple.of(id))
        .await()
        .indefinitely()
        .iterator()
        .next()
        .getString("status");
  }

  private long count(String sql, UUID id) {
    return pool.preparedQuery(sql)
        .execute(Tuple.of(id))
        .await()
        .indefinitely()
        .iterator()
        .next()
        .getLong(0);
  }

  private void release(String owner) {
    leases.releaseAll(owner).await().indefinitely();
  }

  private static ReportedEvent scan(OffsetDateTime at, TrackingStatus status, String code) {
    return Reports.scan(at, status, code, "scan " + code);
  }
}
