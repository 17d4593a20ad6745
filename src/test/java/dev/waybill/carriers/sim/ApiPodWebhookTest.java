package dev.waybill.carriers.sim;

import static dev.waybill.carriers.sim.SimPushes.deliveredShipment;
import static dev.waybill.carriers.sim.SimPushes.inboxEntry;
import static dev.waybill.carriers.sim.SimWebhookTest.awaitStatus;
import static dev.waybill.testing.TestStores.orderNumber;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.waybill.carriers.WebhookWorker;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** An api pod stores carrier pushes and leaves their processing to the worker pods. */
@QuarkusTest
@TestProfile(ApiPodWebhookTest.ApiRole.class)
class ApiPodWebhookTest {

  public static class ApiRole implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("waybill.role", "api");
    }
  }

  @Inject SimCarrierServer sim;
  @Inject SimConfig config;
  @Inject WebhookWorker worker;
  @Inject Pool pool;

  @Test
  void anApiPodAcceptsAPushIntoTheInboxAndLeavesItForTheWorkers() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String tracking = deliveredShipment(store, number, "api-pod@example.com");
    String id = "msg_" + UUID.randomUUID();

    new SimPushes(sim, config)
        .sendSigned(id, tracking)
        .then()
        .statusCode(202)
        .body("id", notNullValue());

    Awaitility.await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(2))
        .until(() -> inboxEntry(pool, id).getInteger("attempts") == 0);
    assertNotEquals(
        "DELIVERED",
        store
            .storefront()
            .queryParam("orderNumber", number)
            .queryParam("email", "api-pod@example.com")
            .get("/api/v1/tracking")
            .then()
            .statusCode(200)
            .extract()
            .path("shipments[0].status"));

    // A worker pod's scheduled pass, sharing the same database.
    worker.drainOnce().await().atMost(Duration.ofSeconds(10));

    assertEquals(1, inboxEntry(pool, id).getInteger("attempts"));
    assertNotNull(inboxEntry(pool, id).getValue("processed_at"));
    awaitStatus(store, number, "api-pod@example.com", "DELIVERED");
  }
}
