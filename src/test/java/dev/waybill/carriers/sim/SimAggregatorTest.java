package dev.waybill.carriers.sim;

import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.AggregatorRegistrations;
import dev.waybill.carriers.WebhookWorker;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The simulated carrier as an EasyPost-compatible aggregator, end to end over HTTP: a DPD parcel
 * (no direct adapter) is registered on the store's account at /sim/easypost, and the aggregator's
 * signed pushes to the store's own /webhooks/easypost/{store} move it to delivered.
 */
@QuarkusTest
@TestProfile(SimAggregatorTest.SimulatedEasypost.class)
class SimAggregatorTest {

  /** EasyPost's API is this server's simulated aggregator. */
  public static class SimulatedEasypost implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "waybill.webhooks.easypost.api-base-url",
          "http://localhost:${quarkus.http.test-port}/sim/easypost",
          // The test runs the registration cycles itself.
          "waybill.aggregators.interval",
          "1h");
    }
  }

  private static final Set<Journey> DELIVERED =
      EnumSet.of(
          Journey.ONTIME, Journey.DELAYED, Journey.WEATHER, Journey.ADDRESS, Journey.ATTEMPT);

  @Inject AggregatorRegistrations registrations;
  @Inject SimCarrierServer sim;
  @Inject SimWebhookSender sender;
  @Inject WebhookWorker worker;
  @Inject Pool pool;

  @Test
  void aDpdParcelIsRegisteredWithTheSimulatedAggregatorAndDeliveredByItsPushes() {
    TestStore store = TestStores.create();
    String key = "EZTK" + UUID.randomUUID().toString().replace("-", "");
    String secret = "sim-easypost-secret-" + UUID.randomUUID();
    store
        .storeAdmin()
        .body(Map.of("apiKey", key, "webhookSecret", secret))
        .put("/api/v1/admin/stores/" + store.slug() + "/aggregators/easypost")
        .then()
        .statusCode(200);
    // What a merchant does in EasyPost's dashboard: a webhook to the store's push path.
    easypost(key)
        .body(
            Map.of(
                "webhook",
                Map.of(
                    "url",
                    "http://localhost:" + port() + "/webhooks/easypost/" + store.slug(),
                    "webhook_secret",
                    secret)))
        .post("/sim/easypost/v2/webhooks")
        .then()
        .statusCode(201)
        .body("object", equalTo("Webhook"));
    String number = dpdNumberThatIsDelivered();
    UUID shipment = shipment(store, "dpd", number);

    registrations.cycle().await().atMost(Duration.ofSeconds(30));

    Row registration = registration(shipment);
    assertNotNull(registration.getValue("registered_at"), "registered at the sim");
    assertTrue(registration.getString("external_id").startsWith("trk_"));
    easypost(key)
        .body(Map.of("tracker", Map.of("tracking_code", number, "carrier", "DPD")))
        .post("/sim/easypost/v2/trackers")
        .then()
        .statusCode(200)
        .body("id", equalTo(registration.getString("external_id")))
        .body("carrier", equalTo("DPD"));

    sim.advance(Duration.ofDays(5));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              sender.pushAggregatedNow().await().atMost(Duration.ofSeconds(10));
              worker.drainOnce().await().atMost(Duration.ofSeconds(10));
              return "DELIVERED".equals(column(shipment, "status"));
            });
    assertEquals("dpd", column(shipment, "carrier_code"), "the carrier stays DPD");
  }

  @Test
  void theSimulatedAggregatorPushesOnlyToEasypostPushPathsAndWantsAnApiKey() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("tracker", Map.of("tracking_code", "09980000020033")))
        .post("/sim/easypost/v2/trackers")
        .then()
        .statusCode(401)
        .body("error.code", equalTo("APIKEY.REQUIRED"));
    easypost("EZTKsomeone")
        .body(
            Map.of(
                "webhook",
                Map.of("url", "http://169.254.169.254/latest", "webhook_secret", "s3cret")))
        .post("/sim/easypost/v2/webhooks")
        .then()
        .statusCode(422)
        .body("error.message", startsWith("webhook.url"));
  }

  @Test
  void pushesAreSignedAsEasypostSignsThem() {
    // EasyPost's documented check: hex HMAC-SHA256 of the raw body, keyed by NFKD(secret).
    byte[] body = "{\"id\":\"evt_1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String expected =
        "hmac-sha256-hex="
            + java.util.HexFormat.of()
                .formatHex(
                    dev.waybill.carriers.spi.WebhookSignatures.hmacSha256(
                        java.text.Normalizer.normalize("ﬁsecret", java.text.Normalizer.Form.NFKD),
                        body));
    assertEquals(expected, SimAggregator.signature("ﬁsecret", body));
  }

  private static RequestSpecification easypost(String key) {
    return given().auth().preemptive().basic(key, "").contentType(ContentType.JSON);
  }

  private static int port() {
    return io.restassured.RestAssured.port;
  }

  private static String dpdNumberThatIsDelivered() {
    while (true) {
      StringBuilder b = new StringBuilder("0998");
      for (int i = 0; i < 10; i++) {
        b.append(ThreadLocalRandom.current().nextInt(10));
      }
      if (DELIVERED.contains(Journey.of(b.toString()))) {
        return b.toString();
      }
    }
  }

  private static UUID shipment(TestStore store, String carrier, String trackingNumber) {
    String number = orderNumber();
    store
        .merchant()
        .body(order(number, "dpd@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    return UUID.fromString(
        store
            .merchant()
            .body(Map.of("carrier", carrier, "trackingNumber", trackingNumber))
            .post("/api/v1/orders/" + number + "/shipments")
            .then()
            .statusCode(201)
            .extract()
            .path("id"));
  }

  private Row registration(UUID shipment) {
    var rows =
        pool.preparedQuery(
                "SELECT external_id, registered_at FROM aggregator_registrations"
                    + " WHERE shipment_id = $1")
            .execute(Tuple.of(shipment))
            .await()
            .atMost(Duration.ofSeconds(5));
    assertEquals(1, rows.size(), "one registration");
    return rows.iterator().next();
  }

  private String column(UUID shipment, String column) {
    return pool.preparedQuery("SELECT " + column + " AS v FROM shipments WHERE id = $1")
        .execute(Tuple.of(shipment))
        .await()
        .atMost(Duration.ofSeconds(5))
        .iterator()
        .next()
        .getString("v");
  }
}
