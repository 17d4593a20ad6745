package dev.waybill.carriers.sim;

import static dev.waybill.testing.TestStores.order;
import static io.restassured.RestAssured.given;

import dev.waybill.testing.TestStores.TestStore;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Pushes from the simulated carrier, signed as it signs them, to POST /webhooks/waybill-sim. */
final class SimPushes {

  private final SimCarrierServer sim;
  private final SimConfig config;

  SimPushes(SimCarrierServer sim, SimConfig config) {
    this.sim = sim;
    this.config = config;
  }

  /**
   * Creates an order with a waybill-sim shipment whose journey ends delivered; its tracking number.
   */
  static String deliveredShipment(TestStore store, String orderNumber, String email) {
    String tracking = "SIM-ONTIME-T1700000000-" + orderNumber;
    store
        .merchant()
        .body(order(orderNumber, email, "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    store
        .merchant()
        .body(Map.of("carrier", "waybill-sim", "trackingNumber", tracking))
        .post("/api/v1/orders/" + orderNumber + "/shipments")
        .then()
        .statusCode(201);
    return tracking;
  }

  /** The carrier's current tracking of this number, as the body of a push. */
  byte[] push(String tracking) {
    return new JsonObject()
        .put("type", "tracking.updated")
        .put("data", sim.track(tracking))
        .encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  String sign(String id, long timestamp, byte[] body) {
    return "v1," + SimWebhooks.sign(config.webhookSecret(), id, timestamp, body);
  }

  /** Sends the current tracking of this number as push {@code id}, signed now. */
  Response sendSigned(String id, String tracking) {
    byte[] body = push(tracking);
    long now = Instant.now().getEpochSecond();
    return send(id, now, body, sign(id, now, body));
  }

  static Response send(String id, long timestamp, byte[] body, String signature) {
    return given()
        .contentType("application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", String.valueOf(timestamp))
        .header("webhook-signature", signature)
        .body(body)
        .post("/webhooks/waybill-sim");
  }

  /**
   * The stored push: {@code attempts} counts its leases, {@code processed_at} is set once done,
   * {@code payload} is what was pushed.
   */
  static Row inboxEntry(Pool pool, String id) {
    return pool.preparedQuery(
            "SELECT attempts, processed_at, payload FROM webhook_inbox WHERE source = 'waybill-sim' AND"
                + " external_id = $1")
        .execute(Tuple.of(id))
        .await()
        .atMost(Duration.ofSeconds(5))
        .iterator()
        .next();
  }
}
