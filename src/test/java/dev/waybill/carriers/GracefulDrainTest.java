package dev.waybill.carriers;

import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.notifications.Dispatcher;
import dev.waybill.notifications.OutboxFanout;
import dev.waybill.orders.ShipmentLeases;
import dev.waybill.platform.health.PodState;
import dev.waybill.testing.Management;
import dev.waybill.testing.Reports;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown as far as it can be seen in one process: readiness goes down first, no new work
 * is leased, the batch in flight finishes, and the leases and claimed messages the pod still holds
 * are handed back for other pods.
 */
@QuarkusTest
class GracefulDrainTest {

  @Inject Poller poller;
  @Inject Dispatcher dispatcher;
  @Inject OutboxFanout fanout;
  @Inject ShipmentLeases leases;
  @Inject PodState pod;
  @Inject TestCarrier testCarrier;
  @Inject Pool pool;
  @Inject Event<ShutdownDelayInitiatedEvent> shutdownDelay;

  @AfterEach
  void serveAgain() {
    pod.resume();
    poller.resume();
    dispatcher.resume();
    testCarrier.reset();
  }

  @Test
  void probesReportStartedReadyAndLive() {
    Management.given()
        .get("/q/health/started")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'Migrated and connected' }.status", equalTo("UP"));
    Management.given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.name", hasItems("PostgreSQL", "Redis", "Accepting requests"))
        .body("checks.find { it.name == 'PostgreSQL' }.data.migrations", equalTo("applied"));
    Management.given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void shutdownTakesReadinessDownFinishesTheBatchInFlightAndHandsBackWhatIsLeft() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    store
        .merchant()
        .body(order(number, "drain@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    UUID inFlight = shipment(store, number);
    testCarrier.hangFor(Duration.ofMillis(1500));
    testCarrier.answerWith(Reports::delivered);

    // A cycle is polling the shipment (the carrier takes 1.5 s) when shutdown begins.
    CompletableFuture<Void> cycle = poller.cycle().subscribeAsCompletionStage();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> poller.owner().equals(Shipments.leaseOwner(pool, inFlight)));
    // A lease this pod holds and has not started on.
    UUID held = shipment(store, number);
    leases
        .claim(poller.owner(), List.of(TestCarrier.CODE), 1000, Duration.ofMinutes(5))
        .await()
        .atMost(Duration.ofSeconds(5));
    assertEquals(poller.owner(), Shipments.leaseOwner(pool, held));

    shutdownDelay.fire(new ShutdownDelayInitiatedEvent());

    Management.given()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body("checks.find { it.name == 'Accepting requests' }.status", equalTo("DOWN"));
    // Nothing new is leased while draining.
    UUID due = shipment(store, number);
    poller.cycle().await().atMost(Duration.ofSeconds(10));
    assertNull(Shipments.leaseOwner(pool, due));

    long start = System.nanoTime();
    int released = poller.drain(Duration.ofSeconds(10));
    long waited = (System.nanoTime() - start) / 1_000_000;
    assertTrue(cycle.isDone(), "the drain waited for the batch in flight");
    assertEquals(
        "DELIVERED",
        Shipments.status(pool, inFlight),
        "the batch in flight was finished, not abandoned");
    assertNull(Shipments.leaseOwner(pool, held));
    assertTrue(released >= 1, "released " + released);
    System.out.printf(
        "Drain: waited %d ms for the batch in flight, handed back %d leases%n", waited, released);
  }

  @Test
  void shutdownHandsBackClaimedMessagesWithoutSpendingAnAttempt() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    store
        .merchant()
        .body(order(number, "drain-mail@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    fanout.fanOut(1000).await().atMost(Duration.ofSeconds(10));
    // The message was claimed by this pod and its send had not finished.
    int claimed =
        pool.preparedQuery(
                "UPDATE notifications n SET claimed_by = $1, claimed_until = now() + interval '5"
                    + " minutes', attempts = attempts + 1 FROM orders o WHERE o.id = n.order_id AND"
                    + " o.order_number = $2 AND n.status = 'PENDING'")
            .execute(Tuple.of(dispatcher.owner(), number))
            .await()
            .atMost(Duration.ofSeconds(5))
            .rowCount();
    assertTrue(claimed >= 1, "a message to claim");

    shutdownDelay.fire(new ShutdownDelayInitiatedEvent());
    int released = dispatcher.drain(Duration.ofSeconds(5));

    assertTrue(released >= claimed, "released " + released);
    Row row =
        pool.preparedQuery(
                "SELECT n.claimed_by, n.attempts, n.status FROM notifications n JOIN orders o ON"
                    + " o.id = n.order_id WHERE o.order_number = $1")
            .execute(Tuple.of(number))
            .await()
            .atMost(Duration.ofSeconds(5))
            .iterator()
            .next();
    assertNull(row.getString("claimed_by"));
    assertEquals(0, row.getInteger("attempts"));
    assertEquals("PENDING", row.getString("status"));
  }

  private UUID shipment(TestStore store, String number) {
    return UUID.fromString(
        store
            .merchant()
            .body(
                Map.of(
                    "carrier",
                    TestCarrier.CODE,
                    "trackingNumber",
                    "TST-" + UUID.randomUUID().toString().substring(0, 18)))
            .post("/api/v1/orders/" + number + "/shipments")
            .then()
            .statusCode(201)
            .extract()
            .path("id"));
  }
}
