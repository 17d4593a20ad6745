package dev.waybill.pages;

import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TrackingPageTest {

  @Test
  void linkOpensTheBrandedTrackingPage() {
    TestStore store = TestStores.create();
    TestStores.platformAdmin()
        .body(
            Map.of(
                "branding", Map.of("primaryColor", "#FFE500", "supportEmail", "help@shop.example")))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200);
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "page@example.com", TestStores.upsNumber());
    store
        .merchant()
        .body(Map.of("status", "OUT_FOR_DELIVERY", "description", "On the van"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
    String token =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");

    Response page = given().get("/t/" + token);
    assertEquals(200, page.statusCode());
    assertTrue(page.contentType().startsWith("text/html"));
    String html = page.asString();
    assertTrue(html.contains(number));
    assertTrue(html.contains("Out for delivery"));
    assertTrue(html.contains("aria-current=\"step\""));
    assertTrue(html.contains("ups.com/track"));
    assertTrue(html.contains("mailto:help@shop.example"));
    // A light brand colour gets dark text, so it stays readable.
    assertTrue(html.contains("--on-p:#000000"), "dark text on a yellow header");
    assertTrue(html.length() < 50_000, "page weight " + html.length());
  }

  @Test
  void unchangedPageAnswersNotModified() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "page@example.com", TestStores.upsNumber());
    String token =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
    String etag = given().get("/t/" + token).then().statusCode(200).extract().header("ETag");
    given().header("If-None-Match", etag).get("/t/" + token).then().statusCode(304);
  }

  @Test
  void cachedPageIsRenderedAgainWhenTheOrderChangesAndKeepsItsSecurityHeaders() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "page@example.com", TestStores.upsNumber());
    String token =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
    Response first = given().get("/t/" + token);
    Response cached = given().get("/t/" + token);
    assertEquals(200, cached.statusCode());
    assertEquals(first.header("ETag"), cached.header("ETag"));
    assertEquals(first.asString(), cached.asString());
    assertEquals(first.header("Content-Security-Policy"), cached.header("Content-Security-Policy"));
    assertTrue(cached.header("Content-Security-Policy").contains("style-src 'sha256-"));
    assertEquals("nosniff", cached.header("X-Content-Type-Options"));
    assertTrue(cached.contentType().startsWith("text/html"));

    store
        .merchant()
        .body(Map.of("status", "OUT_FOR_DELIVERY", "description", "On the van"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);

    Response changed = given().header("If-None-Match", first.header("ETag")).get("/t/" + token);
    assertEquals(200, changed.statusCode(), "the old ETag no longer matches");
    assertTrue(changed.asString().contains("Out for delivery"));
    assertTrue(!changed.header("ETag").equals(first.header("ETag")));
    given()
        .header("If-None-Match", changed.header("ETag"))
        .get("/t/" + token)
        .then()
        .statusCode(304);
  }

  @Test
  void pageSpeaksTheRequestedLanguage() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "page@example.com", TestStores.upsNumber());
    String token =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
    given()
        .queryParam("locale", "de")
        .get("/t/" + token)
        .then()
        .statusCode(200)
        .body(containsString("lang=\"de\""))
        .body(containsString("Versandetikett erstellt"));
  }

  @Test
  void badLinkShowsAFriendlyPageThatRevealsNothing() {
    given()
        .get("/t/not-a-real-token")
        .then()
        .statusCode(404)
        .contentType(containsString("text/html"))
        .body(containsString("find that order"))
        .body(not(containsString("Exception")));
  }
}
