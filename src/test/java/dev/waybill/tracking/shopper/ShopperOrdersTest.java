package dev.waybill.tracking.shopper;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.notifications.NotificationPeers;
import dev.waybill.testing.MutableClock;
import dev.waybill.testing.TestAgents;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A shopper signs in by email to see all their orders with a store: on the page through the emailed
 * link, and in apps through the emailed code and a shopper token.
 */
@io.quarkus.test.junit.QuarkusTest
class ShopperOrdersTest {

  static final Pattern LINK =
      Pattern.compile("https?://[^\\s\"<>]*(/track/[a-z0-9-]+/orders/in/[A-Za-z0-9]+)");
  static final Pattern CODE = Pattern.compile("\\b(\\d{4}) (\\d{4})\\b");
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @Inject MutableClock clock;

  @BeforeAll
  static void mail() {
    NotificationPeers.startMail();
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  /** An email with one order in the store, or more. */
  static String shopperWithOrders(TestStore store, String... placedAt) {
    String email = "shopper-" + UUID.randomUUID() + "@example.com";
    for (String at : placedAt) {
      Map<String, Object> order =
          new HashMap<>(TestStores.order(TestStores.orderNumber(), email, "10115"));
      order.put("placedAt", at);
      store.merchant().body(order).post("/api/v1/orders").then().statusCode(201);
    }
    return email;
  }

  static Response askByApi(TestStore store, String email) {
    return store
        .storefront()
        .contentType(ContentType.JSON)
        .body(Map.of("email", email))
        .post("/api/v1/shopper/sign-in");
  }

  /** The sign-in emails the address received, oldest first. */
  static List<String> signInMails(String email, int atLeast) {
    long until = System.currentTimeMillis() + 20_000;
    while (true) {
      List<String> texts = new ArrayList<>();
      for (MimeMessage m : NotificationPeers.mailTo(email)) {
        try {
          if (m.getSubject().startsWith("Your sign-in link")) {
            texts.add(TestAgents.text(m));
          }
        } catch (jakarta.mail.MessagingException e) {
          throw new IllegalStateException(e);
        }
      }
      if (texts.size() >= atLeast || System.currentTimeMillis() > until) {
        return texts;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return texts;
      }
    }
  }

  static String latest(List<String> mails, Pattern pattern) {
    assertTrue(!mails.isEmpty(), "a sign-in email arrived");
    Matcher m = pattern.matcher(mails.get(mails.size() - 1));
    assertTrue(m.find(), "the email holds " + pattern);
    return m.groupCount() == 2 ? m.group(1) + m.group(2) : m.group(1);
  }

  static Response exchange(TestStore store, String email, String code) {
    return store
        .storefront()
        .contentType(ContentType.JSON)
        .body(Map.of("email", email, "code", code))
        .post("/api/v1/shopper/token");
  }

  static String token(TestStore store, String email) {
    askByApi(store, email).then().statusCode(202);
    String code = latest(signInMails(email, 1), CODE);
    return exchange(store, email, code).then().statusCode(200).extract().path("token");
  }

  static Response orders(TestStore store, String shopperToken) {
    return given()
        .auth()
        .oauth2(shopperToken)
        .queryParam("key", store.trackingKey())
        .get("/api/v1/shopper/orders");
  }

  @Test
  void theEmailedCodeListsTheShoppersOrdersNewestFirst() {
    TestStore store = TestStores.create();
    String email =
        shopperWithOrders(
            store, "2026-03-01T10:00:00Z", "2026-05-01T10:00:00Z", "2026-04-01T10:00:00Z");
    // Another shopper's order in the same store stays out of the list.
    shopperWithOrders(store, "2026-05-02T10:00:00Z");

    String token = token(store, email.toUpperCase());

    Response listed = orders(store, token);
    listed
        .then()
        .statusCode(200)
        .header("Cache-Control", containsString("no-store"))
        .body("orders.size()", equalTo(3))
        .body("orders[0].placedAt", containsString("2026-05-01"))
        .body("orders[1].placedAt", containsString("2026-04-01"))
        .body("orders[2].placedAt", containsString("2026-03-01"))
        .body("orders[0].status", equalTo("ORDER_RECEIVED"))
        .body("orders[0].statusText", equalTo("Order received"))
        .body("orders[0].trackingUrl", containsString("/t/"));
    // Each order's tracking token opens its tracking.
    given()
        .get("/api/v1/tracking/" + listed.jsonPath().getString("orders[0].trackingToken"))
        .then()
        .statusCode(200)
        .body("orderNumber", equalTo(listed.jsonPath().getString("orders[0].orderNumber")));
    // In the shopper's language.
    given()
        .auth()
        .oauth2(token)
        .queryParam("key", store.trackingKey())
        .queryParam("locale", "de")
        .get("/api/v1/shopper/orders")
        .then()
        .body("orders[0].statusText", equalTo("Bestellung eingegangen"));
  }

  @Test
  void aCodeWorksOnceAndNoMore() {
    TestStore store = TestStores.create();
    String email = shopperWithOrders(store, "2026-05-01T10:00:00Z");
    askByApi(store, email).then().statusCode(202);
    String code = latest(signInMails(email, 1), CODE);

    exchange(store, email, code).then().statusCode(200);
    exchange(store, email, code).then().statusCode(401).contentType(containsString("problem+json"));
  }

  @Test
  void anExpiredCodeIsRefused() {
    TestStore store = TestStores.create();
    String email = shopperWithOrders(store, "2026-05-01T10:00:00Z");
    askByApi(store, email).then().statusCode(202);
    String code = latest(signInMails(email, 1), CODE);

    clock.advance(Duration.ofMinutes(16));
    exchange(store, email, code).then().statusCode(401);
  }

  @Test
  void aWrongCodeOrAnotherEmailIsRefused() {
    TestStore store = TestStores.create();
    String email = shopperWithOrders(store, "2026-05-01T10:00:00Z");
    String other = shopperWithOrders(store, "2026-05-01T10:00:00Z");
    askByApi(store, email).then().statusCode(202);
    String code = latest(signInMails(email, 1), CODE);
    String wrong = code.equals("00000000") ? "00000001" : "00000000";

    exchange(store, email, wrong).then().statusCode(401);
    exchange(store, other, code).then().statusCode(401);
    exchange(store, email, "12ab")
        .then()
        .statusCode(400)
        .body("errors.field", equalTo(List.of("code")));
    // Still good after those: the code only stops after several wrong ones.
    exchange(store, email, code.substring(0, 4) + " " + code.substring(4)).then().statusCode(200);
  }

  @Test
  void anUnknownEmailHearsTheSameAndGetsNoEmail() {
    TestStore store = TestStores.create();
    String known = shopperWithOrders(store, "2026-05-01T10:00:00Z");
    String unknown = "nobody-" + UUID.randomUUID() + "@example.com";

    Response a = askByApi(store, known);
    Response b = askByApi(store, unknown);

    assertEquals(202, a.statusCode(), a.asString());
    assertEquals(a.statusCode(), b.statusCode());
    assertEquals(a.asString(), b.asString());
    assertEquals(1, signInMails(known, 1).size());
    assertEquals(List.of(), signInMails(unknown, 0));
    // Nor can an unknown email be signed in with any code.
    exchange(store, unknown, "12345678").then().statusCode(401);
  }

  @Test
  void aStoresTokenAndCodeWorkOnlyWithThatStoresKey() {
    TestStore a = TestStores.create();
    TestStore b = TestStores.create();
    String email = shopperWithOrders(a, "2026-05-01T10:00:00Z");
    // The same shopper bought from store B too.
    Map<String, Object> order =
        new HashMap<>(TestStores.order(TestStores.orderNumber(), email, "10115"));
    b.merchant().body(order).post("/api/v1/orders").then().statusCode(201);

    askByApi(a, email).then().statusCode(202);
    String code = latest(signInMails(email, 1), CODE);
    exchange(b, email, code).then().statusCode(401);

    String token = exchange(a, email, code).then().statusCode(200).extract().path("token");
    orders(b, token).then().statusCode(401);
    orders(a, token).then().statusCode(200).body("orders.size()", equalTo(1));
    // Without the store's key, or with a secret key in the query, nothing.
    given().auth().oauth2(token).get("/api/v1/shopper/orders").then().statusCode(401);
    given()
        .auth()
        .oauth2(token)
        .queryParam("key", a.merchantKey())
        .get("/api/v1/shopper/orders")
        .then()
        .statusCode(401);
  }

  @Test
  void erasureEndsTheShoppersSessionsAndCodes() {
    TestStore store = TestStores.create();
    String email = shopperWithOrders(store, "2026-05-01T10:00:00Z");
    String token = token(store, email);
    askByApi(store, email).then().statusCode(202);
    String code = latest(signInMails(email, 2), CODE);

    store
        .storeAdmin()
        .body(Map.of("email", email))
        .post("/api/v1/admin/privacy/erasures")
        .then()
        .statusCode(200);

    orders(store, token).then().statusCode(401);
    exchange(store, email, code).then().statusCode(401);
  }

  @Test
  void askingForSignInsIsLimitedPerEmail() {
    TestStore store = TestStores.create();
    String email = shopperWithOrders(store, "2026-05-01T10:00:00Z");
    for (int i = 0; i < 5; i++) {
      askByApi(store, email).then().statusCode(202);
    }
    askByApi(store, email).then().statusCode(429).header("Retry-After", not(empty()));
    // The same limit for an email without orders: it tells nothing either.
    String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
    for (int i = 0; i < 5; i++) {
      askByApi(store, unknown).then().statusCode(202);
    }
    askByApi(store, unknown).then().statusCode(429);
  }

  @Test
  void wrongCodesAreLimitedPerEmailAndStopTheEmailedSignIn() {
    TestStore store = TestStores.create();
    String email = shopperWithOrders(store, "2026-05-01T10:00:00Z");
    askByApi(store, email).then().statusCode(202);
    String code = latest(signInMails(email, 1), CODE);
    String wrong = code.equals("00000000") ? "00000001" : "00000000";
    for (int i = 0; i < 5; i++) {
      exchange(store, email, wrong).then().statusCode(401);
    }
    // Five wrong codes spent the emailed sign-in: even the right code no longer works.
    exchange(store, email, code).then().statusCode(401);
    for (int i = 0; i < 4; i++) {
      exchange(store, email, wrong);
    }
    exchange(store, email, wrong).then().statusCode(429).header("Retry-After", not(empty()));
  }

  @Test
  void theEmailedLinkSignsInOnceAndLeavesOnlyACookie() {
    TestStore store = TestStores.create();
    String email = shopperWithOrders(store, "2026-04-01T10:00:00Z", "2026-05-01T10:00:00Z");

    Response form = given().get("/track/" + store.slug() + "/orders");
    form.then().statusCode(200).body(containsString("Email me a link"));
    Matcher csrf = CSRF.matcher(form.asString());
    assertTrue(csrf.find());
    given()
        .cookie("wb_form", form.cookie("wb_form"))
        .contentType(ContentType.URLENC)
        .formParam("csrf", csrf.group(1))
        .formParam("email", email)
        .post("/track/" + store.slug() + "/orders")
        .then()
        .statusCode(200)
        .body(containsString("Check your email"));

    String link = latest(signInMails(email, 1), LINK);
    Response signedIn = given().redirects().follow(false).get(link);
    signedIn
        .then()
        .statusCode(303)
        .header("Location", containsString("/track/" + store.slug() + "/orders"));
    assertTrue(!signedIn.header("Location").contains("/in/"), "the link leaves the address bar");
    String setCookie = signedIn.header("Set-Cookie");
    assertNotNull(setCookie);
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("Secure"), setCookie);
    assertTrue(setCookie.contains("SameSite=Lax"), setCookie);
    assertTrue(setCookie.contains("Path=/track/" + store.slug() + "/orders"), setCookie);
    String session = signedIn.cookie("wb_shopper");

    String page =
        given()
            .cookie("wb_shopper", session)
            .get("/track/" + store.slug() + "/orders")
            .then()
            .statusCode(200)
            .body(containsString("Your orders"))
            .extract()
            .asString();
    assertTrue(
        page.indexOf("1 May") >= 0 && page.indexOf("1 May") < page.indexOf("1 April"),
        "newest first: " + page);

    // The link works once.
    given()
        .redirects()
        .follow(false)
        .get(link)
        .then()
        .statusCode(404)
        .body(containsString("expired or was already used"));
    // The session belongs to this store only.
    TestStore other = TestStores.create();
    given()
        .cookie("wb_shopper", session)
        .get("/track/" + other.slug() + "/orders")
        .then()
        .statusCode(200)
        .body(containsString("Email me a link"));
  }

  @Test
  void theTrackingPageAndTheLookupFormLeadToTheShoppersOrders() {
    TestStore store = TestStores.create();
    String email = shopperWithOrders(store, "2026-05-01T10:00:00Z");
    String token = token(store, email);
    String trackingToken = orders(store, token).then().extract().path("orders[0].trackingToken");

    given()
        .get("/t/" + trackingToken)
        .then()
        .statusCode(200)
        .body(containsString("id=\"all-orders\""))
        .body(containsString("/orders?locale=en"));
    given()
        .redirects()
        .follow(false)
        .get("/t/" + trackingToken + "/orders?locale=fr")
        .then()
        .statusCode(303)
        .header("Location", containsString("/track/" + store.slug() + "/orders?locale=fr"));
    given()
        .get("/track/" + store.slug())
        .then()
        .statusCode(200)
        .body(containsString("href=\"/track/" + store.slug() + "/orders\""));
  }
}
