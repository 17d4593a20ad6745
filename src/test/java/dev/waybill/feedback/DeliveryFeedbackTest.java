package dev.waybill.feedback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.waybill.notifications.Dispatcher;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A shopper rates a delivered parcel from the tracking page, the email's star or the API. */
@QuarkusTest
class DeliveryFeedbackTest {

  private static WireMockServer receiver;

  @Inject FeedbackLinks links;
  @Inject Dispatcher dispatcher;
  @Inject Pool pool;

  @BeforeAll
  static void start() {
    receiver = new WireMockServer(options().dynamicPort());
    receiver.start();
  }

  @AfterAll
  static void stop() {
    receiver.stop();
  }

  /** An order with one parcel, delivered or not; the parcel's id and the order's link. */
  record Parcel(String number, String shipment, String token) {}

  static Parcel parcel(TestStore store, boolean delivered) {
    String number = TestStores.orderNumber();
    String email = "rate-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String shipment = TestStores.orderWithShipment(store, number, email, TestStores.upsNumber());
    event(store, shipment, "IN_TRANSIT");
    if (delivered) {
      event(store, shipment, "DELIVERED");
    }
    String token =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
    return new Parcel(number, shipment, token);
  }

  static void event(TestStore store, String shipment, String status) {
    Map<String, Object> body = new HashMap<>();
    body.put("status", status);
    store
        .merchant()
        .body(body)
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
  }

  private static io.restassured.response.Response rate(Parcel p, Object rating, String comment) {
    Map<String, Object> body = new HashMap<>();
    body.put("rating", rating);
    if (comment != null) {
      body.put("comment", comment);
    }
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .put("/api/v1/tracking/" + p.token() + "/feedback/" + p.shipment());
  }

  @Test
  void theLatestRatingWinsAndEachParcelCountsOnce() {
    TestStore store = TestStores.create();
    Parcel p = parcel(store, true);

    rate(p, 2, "Left in the rain")
        .then()
        .statusCode(200)
        .body("rating", equalTo(2))
        .body("comment", equalTo("Left in the rain"))
        .body("source", equalTo("API"))
        .body("revision", equalTo(1));
    // The same again changes nothing; a new rating replaces it and keeps the comment.
    rate(p, 2, "Left in the rain").then().statusCode(200).body("revision", equalTo(1));
    rate(p, 4, null)
        .then()
        .statusCode(200)
        .body("rating", equalTo(4))
        .body("comment", equalTo("Left in the rain"))
        .body("revision", equalTo(2));
    rate(p, 4, "").then().statusCode(200).body("comment", nullValue());

    given()
        .get("/api/v1/tracking/" + p.token() + "/feedback/" + p.shipment())
        .then()
        .statusCode(200)
        .body("rating", equalTo(4));
    assertEquals(1L, count("SELECT count(*) FROM delivery_feedback WHERE shipment_id = $1", p));
  }

  @Test
  void theTrackingPageAsksAfterDeliveryAndItsFormRecordsWithoutScript() {
    TestStore store = TestStores.create();
    Parcel p = parcel(store, true);

    given()
        .get("/t/" + p.token())
        .then()
        .statusCode(200)
        .body(containsString("How was the delivery?"))
        .body(
            org.hamcrest.Matchers.matchesPattern(
                "(?s).*method=\"post\" action=\"/t/[^\"]+/feedback\".*"))
        .body(containsString("type=\"radio\""))
        .body(containsString("5 – Excellent"))
        .body(containsString("help?type=DELIVERED_NOT_RECEIVED"));

    String saved =
        given()
            .redirects()
            .follow(false)
            .contentType(ContentType.URLENC)
            .formParam("shipment", p.shipment())
            .formParam("rating", "5")
            .post("/t/" + p.token() + "/feedback")
            .then()
            .statusCode(303)
            .extract()
            .header("Location");
    assertTrue(saved.endsWith("/t/" + p.token() + "/feedback/" + p.shipment() + "?saved=1"));
    given()
        .get(saved)
        .then()
        .statusCode(200)
        .body(containsString("Thank you for your feedback!"))
        .body(containsString("value=\"5\" checked"))
        .body(containsString("<textarea"));

    // The comment added on that page; the same rating stays.
    given()
        .redirects()
        .follow(false)
        .contentType(ContentType.URLENC)
        .formParam("shipment", p.shipment())
        .formParam("rating", "3")
        .formParam("comment", "Courier was late but friendly")
        .post("/t/" + p.token() + "/feedback")
        .then()
        .statusCode(303);
    given()
        .get("/api/v1/tracking/" + p.token() + "/feedback/" + p.shipment())
        .then()
        .body("rating", equalTo(3))
        .body("comment", equalTo("Courier was late but friendly"))
        .body("source", equalTo("PAGE"));
  }

  @Test
  void aRatingOutsideOneToFiveIsRefusedNamingRating() {
    TestStore store = TestStores.create();
    Parcel p = parcel(store, true);
    for (Object bad : List.of(0, 6, -1)) {
      rate(p, bad, null)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors.field", hasItem("rating"));
    }
    rate(p, null, "no rating").then().statusCode(400).body("errors.field", hasItem("rating"));
    rate(p, 3, "x".repeat(1001)).then().statusCode(400).body("errors.field", hasItem("comment"));
    given()
        .contentType(ContentType.URLENC)
        .formParam("shipment", p.shipment())
        .formParam("rating", "seven")
        .post("/t/" + p.token() + "/feedback")
        .then()
        .statusCode(400)
        .body(containsString("Please choose a rating from 1 to 5."));
    given()
        .get("/api/v1/tracking/" + p.token() + "/feedback/" + p.shipment())
        .then()
        .statusCode(204);
  }

  @Test
  void aParcelNotYetDeliveredCannotBeRated() {
    TestStore store = TestStores.create();
    Parcel p = parcel(store, false);
    rate(p, 5, null).then().statusCode(409).body("type", containsString("not-delivered"));
    given()
        .get("/t/" + p.token())
        .then()
        .statusCode(200)
        .body(not(containsString("How was the delivery?")));
    given()
        .get(links.url(UUID.fromString(p.shipment()), 5).replaceFirst("^https?://[^/]+", ""))
        .then()
        .statusCode(409)
        .body(containsString("once your parcel has arrived"));
    assertEquals(0L, count("SELECT count(*) FROM delivery_feedback WHERE shipment_id = $1", p));
  }

  @Test
  void anEmailStarOpensTheQuestionChosenAndOnlyTheButtonRecordsIt() {
    TestStore store = TestStores.create();
    Parcel p = parcel(store, true);
    String link = "/f/" + links.issue(UUID.fromString(p.shipment()), 4);

    // A mail scanner fetching the link records nothing.
    given()
        .get(link)
        .then()
        .statusCode(200)
        .body(containsString("Rate your delivery"))
        .body(containsString("value=\"4\" checked"))
        .body(containsString("name=\"via\" value=\"EMAIL\""));
    given().get(link).then().statusCode(200);
    assertEquals(0L, count("SELECT count(*) FROM delivery_feedback WHERE shipment_id = $1", p));

    String action =
        given()
            .get(link)
            .then()
            .extract()
            .htmlPath()
            .getString("**.find { it.name() == 'form' }.@action");
    given()
        .redirects()
        .follow(false)
        .contentType(ContentType.URLENC)
        .formParam("shipment", p.shipment())
        .formParam("rating", "4")
        .formParam("via", "EMAIL")
        .formParam("comment", "")
        .post(action)
        .then()
        .statusCode(303);
    given()
        .get("/api/v1/tracking/" + p.token() + "/feedback/" + p.shipment())
        .then()
        .body("rating", equalTo(4))
        .body("source", equalTo("EMAIL"));
  }

  @Test
  void aTamperedOrForeignLinkIsRefused() {
    TestStore store = TestStores.create();
    Parcel p = parcel(store, true);
    String token = links.issue(UUID.fromString(p.shipment()), 1);
    // The rating byte changed from 1 to 5 without a new signature.
    byte[] body = java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
    body[16] = 5;
    String forged =
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(body)
            + token.substring(token.indexOf('.'));
    given().get("/f/" + forged).then().statusCode(404);
    given().get("/f/" + token + "x").then().statusCode(404);
    given().get("/f/not-a-link").then().statusCode(404);
    // A tracking link's token is no rating link.
    given().get("/f/" + p.token()).then().statusCode(404);
  }

  @Test
  void oneStoresLinkCannotRateAnotherStoresParcel() {
    TestStore mine = TestStores.create();
    TestStore theirs = TestStores.create();
    Parcel own = parcel(mine, true);
    Parcel other = parcel(theirs, true);
    Parcel crossed = new Parcel(own.number(), other.shipment(), own.token());

    rate(crossed, 1, null).then().statusCode(404);
    given()
        .contentType(ContentType.URLENC)
        .formParam("shipment", other.shipment())
        .formParam("rating", "1")
        .post("/t/" + own.token() + "/feedback")
        .then()
        .statusCode(404);
    given().get("/t/" + own.token() + "/feedback/" + other.shipment()).then().statusCode(404);
    assertEquals(0L, count("SELECT count(*) FROM delivery_feedback WHERE shipment_id = $1", other));
  }

  @Test
  void eachChangeReachesTheMerchantAsADeliveryFeedbackWebhook() {
    TestStore store = TestStores.create();
    String path = "/hooks/" + store.slug();
    receiver.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(204)));
    store
        .storeAdmin()
        .body(
            Map.of(
                "url",
                "http://localhost:" + receiver.port() + path,
                "eventTypes",
                List.of("delivery.feedback")))
        .post("/api/v1/webhooks/endpoints")
        .then()
        .statusCode(201);
    Parcel p = parcel(store, true);

    rate(p, 2, "Box was crushed").then().statusCode(200);
    rate(p, 2, "Box was crushed").then().statusCode(200);
    rate(p, 3, null).then().statusCode(200);
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(60));

    List<LoggedRequest> got = receiver.findAll(postRequestedFor(urlPathEqualTo(path)));
    assertEquals(2, got.size(), "one event per change, none for the repeat");
    got = got.stream().sorted((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate())).toList();
    JsonObject first = new JsonObject(got.get(0).getBodyAsString());
    assertEquals("delivery.feedback", first.getString("type"));
    JsonObject data = first.getJsonObject("data");
    assertEquals(p.shipment(), data.getString("shipmentId"));
    assertEquals(p.number(), data.getString("orderNumber"));
    assertEquals(2, data.getInteger("rating"));
    assertEquals("Box was crushed", data.getString("comment"));
    assertEquals(
        3, new JsonObject(got.get(1).getBodyAsString()).getJsonObject("data").getInteger("rating"));
  }

  @Test
  void erasingTheShopperRemovesTheCommentAndKeepsTheRating() {
    TestStore store = TestStores.create();
    Parcel p = parcel(store, true);
    rate(p, 1, "My neighbour at no. 12 took it").then().statusCode(200);
    String email =
        store
            .merchant()
            .get("/api/v1/orders/" + p.number())
            .then()
            .extract()
            .path("customer.email");

    store
        .storeAdmin()
        .body(Map.of("email", email))
        .post("/api/v1/admin/privacy/erasures")
        .then()
        .statusCode(200);

    Row row =
        pool.preparedQuery("SELECT rating, comment FROM delivery_feedback WHERE shipment_id = $1")
            .execute(Tuple.of(UUID.fromString(p.shipment())))
            .await()
            .atMost(Duration.ofSeconds(10))
            .iterator()
            .next();
    assertEquals(1, row.getInteger("rating"));
    assertNull(row.getString("comment"));
    String payload =
        pool.preparedQuery(
                "SELECT payload FROM outbox WHERE topic = 'delivery.feedback' AND aggregate_id = $1")
            .execute(Tuple.of(UUID.fromString(p.shipment())))
            .await()
            .atMost(Duration.ofSeconds(10))
            .iterator()
            .next()
            .getString(0);
    assertTrue(!payload.contains("neighbour"), payload);
  }

  private long count(String sql, Parcel p) {
    return pool.preparedQuery(sql)
        .execute(Tuple.of(UUID.fromString(p.shipment())))
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next()
        .getLong(0);
  }
}
