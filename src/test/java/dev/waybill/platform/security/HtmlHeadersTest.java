package dev.waybill.platform.security;

import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.ConsoleSignIn;
import dev.waybill.testing.TestAgents;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every HTML page, shopper's or staff's, found or not, carries the same security headers. */
@QuarkusTest
class HtmlHeadersTest {

  @Test
  void everyHtmlPageCarriesTheSecurityHeaders() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "headers@example.com", TestStores.upsNumber());
    String token =
        store
            .merchant()
            .get("/api/v1/orders/" + number)
            .then()
            .statusCode(200)
            .extract()
            .path("trackingToken");
    Map<String, String> console = signIn(admin(store));
    Function<String, Response> anyone = path -> given().redirects().follow(false).get(path);
    Function<String, Response> agent =
        path -> given().redirects().follow(false).cookies(console).get(path);
    String slug = store.slug();

    Map<String, Response> pages = new LinkedHashMap<>();
    pages.put("tracking page", anyone.apply("/t/" + token));
    pages.put("unknown tracking link", anyone.apply("/t/forged"));
    pages.put("lookup form", anyone.apply("/track/" + slug));
    pages.put("unknown store", anyone.apply("/track/no-such-store-" + UUID.randomUUID()));
    pages.put("help form", anyone.apply("/t/" + token + "/help"));
    pages.put("notification settings", anyone.apply("/n/forged.token"));
    pages.put("console sign-in", anyone.apply("/console/login"));
    pages.put("console home", agent.apply("/console/" + slug));
    pages.put("console search", agent.apply("/console/" + slug + "/search?q=nobody@example.com"));
    pages.put("order story", agent.apply("/console/" + slug + "/orders/" + number));
    pages.put("missing order", agent.apply("/console/" + slug + "/orders/NOPE-404"));
    pages.put("team", agent.apply("/console/" + slug + "/team"));
    pages.put("insights", agent.apply("/console/" + slug + "/insights"));
    pages.put("another store", agent.apply("/console/no-such-store"));

    assertAll(
        pages.entrySet().stream()
            .map(
                page ->
                    () -> {
                      String name = page.getKey();
                      Response r = page.getValue();
                      assertTrue(
                          r.contentType().startsWith("text/html"), name + " is a page: " + r);
                      String csp = r.header("Content-Security-Policy");
                      assertNotNull(csp, name + " has a CSP");
                      assertTrue(csp.startsWith("default-src 'none'"), name + ": " + csp);
                      assertTrue(csp.contains("frame-ancestors 'none'"), name + ": " + csp);
                      assertFalse(csp.contains("unsafe-inline"), name + ": " + csp);
                      assertEquals("nosniff", r.header("X-Content-Type-Options"), name);
                      assertEquals("DENY", r.header("X-Frame-Options"), name);
                      assertNotNull(r.header("Referrer-Policy"), name);
                      assertNotNull(r.header("Cache-Control"), name);
                    }));

    // Staff pages and pages holding a form are never cached; the tracking page is revalidated.
    assertEquals("no-store", pages.get("console home").header("Cache-Control"));
    assertEquals("no-store", pages.get("lookup form").header("Cache-Control"));
    assertEquals("private, no-cache", pages.get("tracking page").header("Cache-Control"));
    // Shopper pages load their own script; staff pages none.
    assertTrue(
        pages.get("tracking page").header("Content-Security-Policy").contains("script-src 'self'"));
    assertTrue(
        pages.get("order story").header("Content-Security-Policy").contains("script-src 'none'"));
    assertEquals("no-referrer", pages.get("notification settings").header("Referrer-Policy"));
    assertEquals("same-origin", pages.get("console home").header("Referrer-Policy"));
  }

  private static String admin(TestStore store) {
    String email = "headers-" + UUID.randomUUID() + "@example.com";
    return TestAgents.add(store.slug(), email, "Harper", "correct horse battery", "ADMIN");
  }

  private static Map<String, String> signIn(String email) {
    Response r = ConsoleSignIn.post(email, "correct horse battery");
    assertNotNull(r.getCookie("wb_console"), "signed in");
    return r.getCookies();
  }
}
