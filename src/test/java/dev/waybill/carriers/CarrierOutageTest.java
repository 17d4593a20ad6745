package dev.waybill.carriers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.MutableClock;
import dev.waybill.testing.Reports;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A carrier down or slow: its circuit opens, the other carriers' polls go on through the real
 * claim-and-dispatch cycle, and its shipments are polled again once it recovers.
 */
@QuarkusTest
class CarrierOutageTest {

  @Inject Poller poller;
  @Inject CarrierRegistry registry;
  @Inject TestCarrier testCarrier;
  @Inject Pool pool;
  @Inject PollerConfig pollerConfig;
  @Inject MutableClock clock;

  @AfterEach
  void carrierBehavesAgain() {
    testCarrier.reset();
  }

  @Test
  void aDownCarrierOpensItsCircuitOthersGoOnAndItsShipmentsAreRetriedAfterRecovery() {
    TestStore store = TestStores.create();
    String number = Shipments.newOrder(store);
    // More batches than the failures that open the circuit (the test carrier takes 10 a call).
    List<UUID> down = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      down.add(
          Shipments.add(
              store,
              number,
              TestCarrier.CODE,
              "TST-" + UUID.randomUUID().toString().substring(0, 18)));
    }
    UUID healthy = Shipments.add(store, number, "waybill-sim", "SIM-ONTIME-T1700000000-" + number);
    testCarrier.failAlways();

    poller.cycle().await().atMost(Duration.ofSeconds(60));
    assertEquals("OPEN", registry.circuits().get(TestCarrier.CODE));
    assertFalse(registry.pollable().contains(TestCarrier.CODE));
    assertEquals("DELIVERED", Shipments.status(pool, healthy), "the other carrier's poll went on");
    assertTrue(
        Shipments.pollFailures(pool, down.get(0)) >= 1,
        "the failed poll is counted and rescheduled");

    // The carrier recovers: after the open interval one trial call closes the circuit, and the
    // shipments are polled again without anyone asking.
    testCarrier.reset();
    testCarrier.answerWith(Reports::delivered);
    clock.advance(pollerConfig.breakerOpen());
    long recovered = System.nanoTime();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              poller.cycle().await().atMost(Duration.ofSeconds(30));
              return down.stream().allMatch(id -> "DELIVERED".equals(Shipments.status(pool, id)));
            });
    assertEquals("CLOSED", registry.circuits().get(TestCarrier.CODE));
    System.out.printf(
        "Carrier down: circuit opened in one cycle; %d shipments polled again %d ms after"
            + " recovery%n",
        down.size(), (System.nanoTime() - recovered) / 1_000_000);
  }

  @Test
  void aSlowCarrierDoesNotHoldUpTheOthers() {
    TestStore store = TestStores.create();
    String number = Shipments.newOrder(store);
    UUID slow =
        Shipments.add(
            store,
            number,
            TestCarrier.CODE,
            "TST-" + UUID.randomUUID().toString().substring(0, 18));
    UUID fast = Shipments.add(store, number, "waybill-sim", "SIM-ONTIME-T1700000000-" + number);
    testCarrier.answerWith(Reports::delivered);
    testCarrier.hangFor(Duration.ofSeconds(6));

    long start = System.nanoTime();
    var cycle = poller.cycle().subscribeAsCompletionStage();
    Awaitility.await()
        .atMost(Duration.ofSeconds(4))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> "DELIVERED".equals(Shipments.status(pool, fast)));
    long fastMillis = (System.nanoTime() - start) / 1_000_000;
    assertFalse(cycle.toCompletableFuture().isDone(), "the slow carrier is still answering");
    cycle.toCompletableFuture().join();
    assertEquals("DELIVERED", Shipments.status(pool, slow));
    System.out.printf(
        "Carrier slow (6 s): the other carrier's shipment was polled in %d ms%n", fastMillis);
  }
}
