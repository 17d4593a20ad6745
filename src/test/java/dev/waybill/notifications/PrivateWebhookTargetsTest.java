package dev.waybill.notifications;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With private targets not allowed, as in production, a merchant can't point Waybill's webhooks at
 * addresses inside its network.
 */
@QuarkusTest
@TestProfile(PrivateWebhookTargetsTest.PrivateTargetsRefused.class)
class PrivateWebhookTargetsTest {

  /**
   * Private targets refused; plain http to 127.0.0.1 still passes the scheme check (as in every
   * test), so the loopback case is refused for its address, not its scheme.
   */
  public static class PrivateTargetsRefused implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("waybill.notifications.webhooks.allow-private-targets", "false");
    }
  }

  private static Map<String, Object> endpoint(String url) {
    return Map.of("url", url, "eventTypes", List.of("order.created"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:9/hook",
        "https://localhost/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.5/hook",
        "https://192.168.1.20/hook",
        "https://100.64.0.1/hook",
        "https://[::1]/hook",
        "https://[fd00::5]/hook"
      })
  void registeringAnEndpointOnAnAddressInsideTheNetworkIsRefusedNamingTheUrl(String url) {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body(endpoint(url))
        .post("/api/v1/webhooks/endpoints")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("errors", hasSize(1))
        .body("errors[0].field", equalTo("url"))
        .body("errors[0].message", containsString("public address"));
    store.storeAdmin().get("/api/v1/webhooks/endpoints").then().body("size()", equalTo(0));
  }

  @Test
  void anEndpointOnAPublicAddressCannotBeMovedInsideTheNetwork() {
    TestStore store = TestStores.create();
    String id =
        store
            .storeAdmin()
            .body(endpoint("https://203.0.113.10/hook"))
            .post("/api/v1/webhooks/endpoints")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    store
        .storeAdmin()
        .body(Map.of("url", "https://169.254.169.254/latest/meta-data/"))
        .patch("/api/v1/webhooks/endpoints/" + id)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("url"));
    store
        .storeAdmin()
        .get("/api/v1/webhooks/endpoints/" + id)
        .then()
        .statusCode(200)
        .body("url", equalTo("https://203.0.113.10/hook"));
  }
}
