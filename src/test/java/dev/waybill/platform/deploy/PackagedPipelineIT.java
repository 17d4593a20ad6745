package dev.waybill.platform.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A worker pod's whole path in the packaged application: the poller asks the simulated carrier over
 * real HTTP, the timeline writer records the journey, and the shopper's email goes out through SMTP
 * while the merchant's webhooks arrive signed as Standard Webhooks say.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedPipelinePeers.class, restrictToAnnotatedClass = true)
class PackagedPipelineIT {

  @Test
  void aPolledParcelIsDeliveredEmailedAndAnnouncedToTheMerchant() throws Exception {
    TestStore store = TestStores.create();
    String path = "/hooks/" + store.slug();
    PackagedPipelinePeers.receiver.stubFor(
        post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(204)));
    String secret =
        store
            .storeAdmin()
            .body(
                Map.of(
                    "url",
                    "http://localhost:" + PackagedPipelinePeers.receiver.port() + path,
                    "eventTypes",
                    List.of("shipment.status_changed")))
            .post("/api/v1/webhooks/endpoints")
            .then()
            .statusCode(201)
            .extract()
            .path("secret");

    String number = orderNumber();
    String email = "pipeline-" + number.toLowerCase(Locale.ROOT) + "@example.com";
    Map<String, Object> body = new HashMap<>(order(number, email, "10115"));
    body.put("shipments", List.of(Map.of("trackingNumber", "SIM-ONTIME-" + number)));
    store.merchant().body(body).post("/api/v1/orders").then().statusCode(201);

    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                store
                    .merchant()
                    .get("/api/v1/orders/" + number)
                    .then()
                    .body("status", equalTo("DELIVERED")));

    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !messagesTo(email).isEmpty());
    MimeMessage first = messagesTo(email).get(0);
    assertTrue(first.getSubject().contains(number), first.getSubject());

    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> delivered(path));
    Webhook verifier = new Webhook(secret);
    List<String> statuses = new ArrayList<>();
    for (LoggedRequest r :
        PackagedPipelinePeers.receiver.findAll(postRequestedFor(urlPathEqualTo(path)))) {
      verifier.verify(r.getBodyAsString(), headers(r));
      JsonObject event = new JsonObject(r.getBodyAsString());
      statuses.add(event.getJsonObject("data").getString("status"));
    }
    assertTrue(statuses.contains("DELIVERED"), statuses.toString());

    store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", email)
        .get("/api/v1/tracking")
        .then()
        .statusCode(200)
        .body("shipments[0].carrierName", startsWith("Waybill"));
  }

  private static boolean delivered(String path) {
    for (LoggedRequest r :
        PackagedPipelinePeers.receiver.findAll(postRequestedFor(urlPathEqualTo(path)))) {
      if (r.getBodyAsString().contains("\"DELIVERED\"")) {
        return true;
      }
    }
    return false;
  }

  private static List<MimeMessage> messagesTo(String email) throws Exception {
    List<MimeMessage> out = new ArrayList<>();
    for (MimeMessage m : PackagedPipelinePeers.mail.getReceivedMessages()) {
      if (m.getAllRecipients() != null && m.getAllRecipients()[0].toString().contains(email)) {
        out.add(m);
      }
    }
    assertFalse(out.isEmpty() && out.get(0).getSubject() == null);
    return out;
  }

  private static Map<String, List<String>> headers(LoggedRequest r) {
    Map<String, List<String>> out = new HashMap<>();
    for (HttpHeader h : r.getHeaders().all()) {
      out.put(h.key().toLowerCase(Locale.ROOT), h.values());
    }
    return out;
  }
}
