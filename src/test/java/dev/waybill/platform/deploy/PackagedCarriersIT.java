package dev.waybill.platform.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The two ways a production pod learns where a parcel is, in the packaged application: it polls a
 * carrier's API (UPS, played by WireMock with its documented payloads, OAuth first), and a tracking
 * aggregator pushes a signed update (EasyPost) that is stored durably and applied by the worker.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedCarrierPeers.class, restrictToAnnotatedClass = true)
class PackagedCarriersIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aUpsParcelIsPolledWithAnOAuthTokenAndDelivered() {
    TestStore store = TestStores.create();
    String tracking = TestStores.upsNumber();
    PackagedCarrierPeers.ups.stubFor(
        get(urlPathEqualTo("/api/track/v1/details/" + tracking))
            .willReturn(
                okJson(
                    PackagedCarrierPeers.fixture("ups/delivered.json")
                        .replace(PackagedCarrierPeers.UPS_DELIVERED, tracking))));
    String number = orderNumber();
    Map<String, Object> body =
        new HashMap<>(order(number, "ups-" + number + "@example.com", "10115"));
    body.put("shipments", List.of(Map.of("carrier", "ups", "trackingNumber", tracking)));
    store.merchant().body(body).post("/api/v1/orders").then().statusCode(201);

    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                store
                    .merchant()
                    .get("/api/v1/orders/" + number)
                    .then()
                    .body("status", equalTo("DELIVERED")));
    PackagedCarrierPeers.ups.verify(postRequestedFor(urlPathEqualTo("/security/v1/oauth/token")));
    PackagedCarrierPeers.ups.verify(
        getRequestedFor(urlPathEqualTo("/api/track/v1/details/" + tracking))
            .withHeader(
                "Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                    "Bearer eyJraWQiOiJ0ZXN0LXRva2VuLTEifQ.first")));
  }

  @Test
  void aSignedEasyPostPushDeliversTheParcelAndAForgedOneIsRefused() throws Exception {
    TestStore store = TestStores.create();
    String tracking =
        String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    String number = orderNumber();
    Map<String, Object> body =
        new HashMap<>(order(number, "ep-" + number + "@example.com", "10115"));
    body.put("shipments", List.of(Map.of("carrier", "fedex", "trackingNumber", tracking)));
    store.merchant().body(body).post("/api/v1/orders").then().statusCode(201);

    ObjectNode event =
        (ObjectNode) JSON.readTree(PackagedCarrierPeers.fixture("easypost/delivered.json"));
    String now = Instant.now().toString();
    event.put("id", "evt_" + tracking);
    event.put("created_at", now);
    event.put("updated_at", now);
    ((ObjectNode) event.get("result")).put("tracking_code", tracking);
    byte[] push = JSON.writeValueAsBytes(event);

    given()
        .contentType("application/json")
        .header("X-Hmac-Signature", signature("not-the-secret-at-all-0000000000", push))
        .body(push)
        .post("/webhooks/easypost")
        .then()
        .statusCode(401);
    given()
        .contentType("application/json")
        .header("X-Hmac-Signature", signature(PackagedCarrierPeers.EASYPOST_SECRET, push))
        .body(push)
        .post("/webhooks/easypost")
        .then()
        .statusCode(202);

    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                store
                    .merchant()
                    .get("/api/v1/orders/" + number)
                    .then()
                    .body("status", equalTo("DELIVERED")));
  }

  /** EasyPost's documented recipe: hex HMAC-SHA256 of the raw body, after its prefix. */
  private static String signature(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "hmac-sha256-hex=" + HexFormat.of().formatHex(mac.doFinal(body));
  }
}
