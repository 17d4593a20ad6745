package dev.waybill.carriers.sim;

import static dev.waybill.carriers.sim.SimPushes.deliveredShipment;
import static dev.waybill.carriers.sim.SimPushes.inboxEntry;
import static dev.waybill.carriers.sim.SimPushes.send;
import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.waybill.carriers.Poller;
import dev.waybill.carriers.WebhookWorker;
import dev.waybill.notifications.Dispatcher;
import dev.waybill.platform.health.PodState;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pushes from the simulated carrier through POST /webhooks/waybill-sim. */
@QuarkusTest
class SimWebhookTest {

  @Inject SimCarrierServer sim;
  @Inject SimConfig config;
  @Inject WebhookWorker worker;
  @Inject Pool pool;
  @Inject PodState pod;
  @Inject Poller poller;
  @Inject Dispatcher dispatcher;
  @Inject Event<ShutdownDelayInitiatedEvent> shutdownDelay;

  private SimPushes pushes;

  @BeforeEach
  void pushes() {
    pushes = new SimPushes(sim, config);
  }

  @Test
  void signedPushIsStoredThenAppliedToTheShipment() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String tracking = deliveredShipment(store, number, "push@example.com");
    pushes.sendSigned("msg_" + UUID.randomUUID(), tracking).then().statusCode(202);
    worker.drainOnce().await().atMost(Duration.ofSeconds(10));
    awaitStatus(store, number, "push@example.com", "DELIVERED");
  }

  @Test
  void aPodRunningWorkersAppliesAPushWithoutWaitingForItsSchedule() {
    // Tests run as role "all" with the scheduled inbox drain off: only the push itself drains.
    TestStore store = TestStores.create();
    String number = orderNumber();
    String tracking = deliveredShipment(store, number, "push-now@example.com");
    String id = "msg_" + UUID.randomUUID();
    pushes.sendSigned(id, tracking).then().statusCode(202);
    awaitStatus(store, number, "push-now@example.com", "DELIVERED");
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> inboxEntry(pool, id).getValue("processed_at") != null);
  }

  @Test
  void aPushReceivedWhileThePodDrainsIsStoredButLeftForOtherPods() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String tracking = deliveredShipment(store, number, "push-drain@example.com");
    String id = "msg_" + UUID.randomUUID();
    shutdownDelay.fire(new ShutdownDelayInitiatedEvent());
    try {
      pushes.sendSigned(id, tracking).then().statusCode(202);
      Awaitility.await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(2))
          .until(() -> inboxEntry(pool, id).getInteger("attempts") == 0);
    } finally {
      pod.resume();
      poller.resume();
      dispatcher.resume();
    }
    worker.drainOnce().await().atMost(Duration.ofSeconds(10));
    assertEquals(1, inboxEntry(pool, id).getInteger("attempts"));
    awaitStatus(store, number, "push-drain@example.com", "DELIVERED");
  }

  @Test
  void wrongSignatureIsRejected() {
    byte[] body = pushes.push("SIM-ONTIME-T1700000000-X1");
    long now = Instant.now().getEpochSecond();
    send("msg_" + UUID.randomUUID(), now, body, "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    given()
        .contentType("application/json")
        .body(body)
        .post("/webhooks/waybill-sim")
        .then()
        .statusCode(401);
  }

  @Test
  void staleTimestampIsRejected() {
    byte[] body = pushes.push("SIM-ONTIME-T1700000000-X2");
    long old = Instant.now().minus(Duration.ofMinutes(30)).getEpochSecond();
    String id = "msg_" + UUID.randomUUID();
    send(id, old, body, pushes.sign(id, old, body))
        .then()
        .statusCode(401)
        .body("detail", containsString("tolerance"));
  }

  @Test
  void anAppliedPushKeepsItsIdToRefuseReplaysButNotItsPayload() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String tracking = deliveredShipment(store, number, "push-kept@example.com");
    byte[] body = pushes.push(tracking);
    long now = Instant.now().getEpochSecond();
    String id = "msg_" + UUID.randomUUID();
    String signature = pushes.sign(id, now, body);
    send(id, now, body, signature).then().statusCode(202);
    worker.drainOnce().await().atMost(Duration.ofSeconds(10));
    awaitStatus(store, number, "push-kept@example.com", "DELIVERED");
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> inboxEntry(pool, id).getValue("processed_at") != null);

    assertNull(inboxEntry(pool, id).getString("payload"), "the recipient's data is gone");
    send(id, now, body, signature).then().statusCode(409);
  }

  @Test
  void replayedPushIsRejectedAndChangesNothing() {
    byte[] body = pushes.push("SIM-ONTIME-T1700000000-X3");
    long now = Instant.now().getEpochSecond();
    String id = "msg_" + UUID.randomUUID();
    String signature = pushes.sign(id, now, body);
    send(id, now, body, signature).then().statusCode(202);
    send(id, now, body, signature).then().statusCode(409);
  }

  @Test
  void unknownSourceIsNotFound() {
    given()
        .contentType("application/json")
        .body("{}")
        .post("/webhooks/pigeon-post")
        .then()
        .statusCode(404);
  }

  static void awaitStatus(TestStore store, String number, String email, String status) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                store
                    .storefront()
                    .queryParam("orderNumber", number)
                    .queryParam("email", email)
                    .get("/api/v1/tracking")
                    .then()
                    .body("shipments[0].status", equalTo(status)));
  }
}
