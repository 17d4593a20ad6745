package dev.waybill.carriers.sim;

import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.waybill.carriers.WebhookWorker;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Pushes from the simulated carrier through POST /webhooks/waybill-sim. */
@QuarkusTest
class SimWebhookTest {

  @Inject SimCarrierServer sim;
  @Inject SimConfig config;
  @Inject WebhookWorker worker;

  @Test
  void signedPushIsStoredThenAppliedToTheShipment() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String tracking = "SIM-ONTIME-T1700000000-" + number;
    store
        .merchant()
        .body(order(number, "push@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    store
        .merchant()
        .body(Map.of("carrier", "waybill-sim", "trackingNumber", tracking))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(201);
    byte[] body = push(tracking);
    String id = "msg_" + UUID.randomUUID();
    send(id, Instant.now().getEpochSecond(), body, sign(id, Instant.now().getEpochSecond(), body))
        .then()
        .statusCode(202);
    worker.drainOnce().await().atMost(Duration.ofSeconds(10));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                store
                    .storefront()
                    .queryParam("orderNumber", number)
                    .queryParam("email", "push@example.com")
                    .get("/api/v1/tracking")
                    .then()
                    .body("shipments[0].status", org.hamcrest.Matchers.equalTo("DELIVERED")));
  }

  @Test
  void wrongSignatureIsRejected() {
    byte[] body = push("SIM-ONTIME-T1700000000-X1");
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
    byte[] body = push("SIM-ONTIME-T1700000000-X2");
    long old = Instant.now().minus(Duration.ofMinutes(30)).getEpochSecond();
    String id = "msg_" + UUID.randomUUID();
    send(id, old, body, sign(id, old, body))
        .then()
        .statusCode(401)
        .body("detail", containsString("tolerance"));
  }

  @Test
  void replayedPushIsRejectedAndChangesNothing() {
    byte[] body = push("SIM-ONTIME-T1700000000-X3");
    long now = Instant.now().getEpochSecond();
    String id = "msg_" + UUID.randomUUID();
    String signature = sign(id, now, body);
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

  private byte[] push(String tracking) {
    return new JsonObject()
        .put("type", "tracking.updated")
        .put("data", sim.track(tracking))
        .encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  private String sign(String id, long timestamp, byte[] body) {
    return "v1," + SimWebhooks.sign(config.webhookSecret(), id, timestamp, body);
  }

  private static io.restassured.response.Response send(
      String id, long timestamp, byte[] body, String signature) {
    return given()
        .contentType("application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", String.valueOf(timestamp))
        .header("webhook-signature", signature)
        .body(body)
        .post("/webhooks/waybill-sim");
  }
}
