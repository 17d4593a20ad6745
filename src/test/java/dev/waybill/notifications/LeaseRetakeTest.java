package dev.waybill.notifications;

import static dev.waybill.notifications.NotificationPeers.subjects;
import static dev.waybill.notifications.NotificationPeers.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.PollDispatcher;
import dev.waybill.orders.PolledShipment;
import dev.waybill.orders.ShipmentLeases;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pod killed mid-batch: it polled half of its leased shipments and died holding the rest. Another
 * pod takes them once the leases expire, finishes the work, and no shopper gets a message twice.
 */
@QuarkusTest
class LeaseRetakeTest {

  private static final String SIM = "waybill-sim";
  private static final Duration LEASE = Duration.ofSeconds(3);

  @Inject ShipmentLeases leases;
  @Inject PollDispatcher polls;
  @Inject Dispatcher dispatcher;

  @BeforeAll
  static void peers() {
    NotificationPeers.startMail();
    NotificationPeers.startSms();
  }

  @AfterAll
  static void stopPeers() {
    NotificationPeers.stopMail();
    NotificationPeers.stopSms();
  }

  @Test
  void anotherPodRetakesADeadPodsLeasesWithinTheLeaseAndNoMessageGoesTwice() throws Exception {
    TestStore store = TestStores.create();
    List<String> emails = new ArrayList<>();
    List<UUID> ours = new ArrayList<>();
    long started = System.currentTimeMillis() / 1000 - 6 * 24 * 3600;
    for (int i = 0; i < 4; i++) {
      String email = uniqueEmail();
      String number = NotificationPeers.order(store, email, null, "en", null, false);
      emails.add(email);
      ours.add(
          UUID.fromString(
              store
                  .merchant()
                  .body(
                      Map.of(
                          "carrier",
                          SIM,
                          "trackingNumber",
                          "SIM-ONTIME-T" + started + "-" + number))
                  .post("/api/v1/orders/" + number + "/shipments")
                  .then()
                  .statusCode(201)
                  .extract()
                  .path("id")));
    }
    dispatch("pod-a");

    // Pod A leases the shipments, polls the first two, and dies holding the other two. The clock
    // starts before the claim: its lease runs from the database's now(), a little later.
    long leasedAt = System.nanoTime();
    List<PolledShipment> leased =
        leases.claim("pod-a", List.of(SIM), 1000, LEASE).await().atMost(Duration.ofSeconds(5));
    List<PolledShipment> mine = leased.stream().filter(s -> ours.contains(s.id())).toList();
    assertEquals(4, mine.size());
    polls.dispatch(mine.subList(0, 2)).await().atMost(Duration.ofSeconds(30));
    Set<UUID> abandoned = new HashSet<>(List.of(mine.get(2).id(), mine.get(3).id()));

    // Pod B claims every 100 ms, as a busy scheduler would, and polls what it claimed in the
    // background, until it holds the abandoned ones.
    List<java.util.concurrent.CompletableFuture<Void>> work = new ArrayList<>();
    long retakenAt = 0;
    Set<UUID> retaken = new HashSet<>();
    while (retaken.size() < abandoned.size()
        && System.nanoTime() - leasedAt < LEASE.multipliedBy(4).toNanos()) {
      List<PolledShipment> claimed =
          leases
              .claim("pod-b", List.of(SIM), 1000, Duration.ofMinutes(1))
              .await()
              .atMost(Duration.ofSeconds(5));
      for (PolledShipment s : claimed) {
        if (abandoned.contains(s.id()) && retaken.add(s.id()) && retaken.size() == 2) {
          retakenAt = System.nanoTime();
        }
      }
      if (!claimed.isEmpty()) {
        work.add(polls.dispatch(claimed).subscribeAsCompletionStage());
      }
      Thread.sleep(100);
    }
    java.util.concurrent.CompletableFuture.allOf(
            work.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
        .get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(abandoned, retaken, "pod B took over every abandoned shipment");
    double ratio = (retakenAt - leasedAt) / (double) LEASE.toNanos();
    System.out.printf(
        "Lease retake: %d ms after the dead pod's claim, lease %d ms, ratio %.3f%n",
        (retakenAt - leasedAt) / 1_000_000, LEASE.toMillis(), ratio);
    assertTrue(ratio >= 1.0, "taken before the lease expired: " + ratio);
    assertTrue(ratio <= 1.2, "time to retake / lease length = " + ratio);

    // Both pods send what the polls produced; each shopper gets every message once.
    dispatch("pod-a");
    dispatch("pod-b");
    dispatch("pod-b");
    for (String email : emails) {
      List<String> got = subjects(email);
      assertEquals(new HashSet<>(got).size(), got.size(), "a message went twice: " + got);
      assertTrue(got.stream().anyMatch(s -> s.startsWith("Delivered")), email + " " + got);
    }
  }

  private void dispatch(String owner) {
    dispatcher.dispatchOnce(owner).await().atMost(Duration.ofSeconds(60));
  }
}
