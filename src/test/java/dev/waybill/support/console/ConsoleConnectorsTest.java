package dev.waybill.support.console;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The console's connectors page: what an admin needs to set a shop up, never a secret. */
@QuarkusTest
class ConsoleConnectorsTest {

  private static final String SECRET = "shpss_" + "feedfacecafebeef0123456789abcdef";
  private static final String TOKEN = "shpat_" + "0123456789abcdeffedcba9876543210";

  @Test
  void anAdminSeesEachConnectorsStateQueueAndWebhookUrlButNoSecret() {
    TestStore store = TestStores.create();
    String domain = "c-" + UUID.randomUUID().toString().substring(0, 8) + ".myshopify.com";
    store
        .storeAdmin()
        .body(
            Map.of(
                "shopDomain",
                domain,
                "webhookSecret",
                SECRET,
                "accessToken",
                TOKEN,
                "writeBack",
                true))
        .put("/api/v1/admin/stores/" + store.slug() + "/connectors/shopify")
        .then()
        .statusCode(200);
    ConsoleSession admin = ConsoleSession.signIn(ConsoleSession.addAgent(store, "ADMIN"));
    String page =
        admin
            .get("/console/" + store.slug() + "/connectors")
            .then()
            .statusCode(200)
            .body(containsString("id=\"webhook-url-shopify\""))
            .body(containsString("/connectors/shopify/webhooks</code>"))
            .body(containsString("/connectors/woocommerce/webhooks</code>"))
            .body(containsString("orders/create"))
            .body(containsString(domain))
            .body(containsString("CONNECTED"))
            .body(containsString("0 pending, 0 failing, 0 dead, 0 sent"))
            .body(containsString("accessToken: set"))
            .extract()
            .asString();
    assertTrue(page.contains("not connected"), "WooCommerce is offered, not connected");
    assertFalse(page.contains(SECRET) || page.contains(TOKEN), "no secret is shown");
    assertFalse(page.contains("…cdef") || page.contains("…3210"), "not even their last characters");
  }

  @Test
  void anAgentGetsTheForbiddenPage() {
    TestStore store = TestStores.create();
    ConsoleSession agent = ConsoleSession.signIn(ConsoleSession.addAgent(store, "AGENT"));
    agent.get("/console/" + store.slug() + "/connectors").then().statusCode(403);
  }
}
