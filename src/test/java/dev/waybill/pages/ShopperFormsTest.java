package dev.waybill.pages;

import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.platform.security.FormGuard;
import dev.waybill.testing.TestDomains;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The lookup and help forms over plain HTTP: protection, limits and what they store. */
@QuarkusTest
class ShopperFormsTest {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final Pattern SUBMISSION =
      Pattern.compile("name=\"submission\" value=\"([^\"]+)\"");

  /** A browser's state for one form: its cookie and the form's hidden fields. */
  private record Form(String cookie, String csrf, String submission) {}

  @Test
  void lookupRedirectsToTheTrackingPage() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    Form form = open("/track/" + store.slug());

    Response byEmail = post("/track/" + store.slug(), form, lookup(number, " ADA@example.com "));
    assertEquals(303, byEmail.statusCode());
    assertTrue(byEmail.header("Location").contains("/t/"));
    Response byPostalCode = post("/track/" + store.slug(), form, lookup(number, "10115"));
    assertEquals(303, byPostalCode.statusCode());
    given()
        .redirects()
        .follow(false)
        .get(byEmail.header("Location"))
        .then()
        .statusCode(200)
        .body(containsString(number));
  }

  @Test
  void wrongEmailLooksLikeUnknownOrder() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    Form form = open("/track/" + store.slug());

    Response wrongEmail = post("/track/" + store.slug(), form, lookup(number, "eve@example.com"));
    Response unknown = post("/track/" + store.slug(), form, lookup("NOPE-1", "ada@example.com"));

    assertEquals(404, wrongEmail.statusCode());
    assertEquals(404, unknown.statusCode());
    assertEquals(notice(wrongEmail), notice(unknown));
    assertTrue(notice(wrongEmail).startsWith("We couldn"));
  }

  @Test
  void formWithoutItsCookieIsRefused() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    Form form = open("/track/" + store.slug());

    Map<String, String> fields = lookup(number, "ada@example.com");
    fields.put("csrf", form.csrf());
    Response noCookie =
        given()
            .redirects()
            .follow(false)
            .contentType("application/x-www-form-urlencoded")
            .formParams(fields)
            .post("/track/" + store.slug());
    assertEquals(403, noCookie.statusCode());
    assertTrue(noCookie.asString().contains("This form has expired"));

    Response otherSite =
        given()
            .redirects()
            .follow(false)
            .cookie(FormGuard.COOKIE, form.cookie())
            .header("Origin", "https://evil.example")
            .contentType("application/x-www-form-urlencoded")
            .formParams(fields)
            .post("/track/" + store.slug());
    assertEquals(403, otherSite.statusCode());
  }

  @Test
  void formPostedFromAnotherSitesPageIsRefused() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    Form form = open("/track/" + store.slug());

    Response fromElsewhere =
        given()
            .redirects()
            .follow(false)
            .cookie(FormGuard.COOKIE, form.cookie())
            .header("Referer", "https://evil.example/lure")
            .contentType("application/x-www-form-urlencoded")
            .formParams(withCsrf(lookup(number, "ada@example.com"), form))
            .post("/track/" + store.slug());
    assertEquals(403, fromElsewhere.statusCode());
    assertTrue(fromElsewhere.asString().contains("This form has expired"));
    // The typed values are kept, and a fresh token lets the person simply send it again.
    assertTrue(fromElsewhere.asString().contains(number));
    assertEquals(
        303,
        post("/track/" + store.slug(), form(fromElsewhere), lookup(number, "ada@example.com"))
            .statusCode());
  }

  @Test
  void honeypotStopsBotsWithoutSayingWhy() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    Form form = open("/track/" + store.slug());
    Map<String, String> fields = lookup(number, "ada@example.com");
    fields.put("website", "https://spam.example");

    Response bot = post("/track/" + store.slug(), form, fields);

    assertEquals(404, bot.statusCode());
    assertTrue(notice(bot).startsWith("We couldn"));
  }

  @Test
  void missingFieldsAreNamed() {
    TestStore store = TestStores.create();
    Form form = open("/track/" + store.slug());
    Response empty = post("/track/" + store.slug(), form, lookup("", ""));
    assertEquals(400, empty.statusCode());
    assertTrue(empty.asString().contains("id=\"orderNumber-error\""));
    assertTrue(empty.asString().contains("id=\"contact-error\""));
  }

  @Test
  void guessingOneOrderIsRateLimited() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    Form form = open("/track/" + store.slug());
    for (int i = 0; i < 10; i++) {
      assertEquals(
          404,
          post("/track/" + store.slug(), form, lookup(number, "guess" + i + "@x.example"))
              .statusCode());
    }

    Response limited = post("/track/" + store.slug(), form, lookup(number, "ada@example.com"));

    assertEquals(429, limited.statusCode());
    assertNotNull(limited.header("Retry-After"));
    assertTrue(limited.asString().contains("Too many attempts"));
  }

  @Test
  void theFormAndTheApiCountFailedLookupsOfAnOrderTogether() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    Form form = open("/track/" + store.slug());
    for (int i = 0; i < 5; i++) {
      store
          .storefront()
          .queryParam("orderNumber", number)
          .queryParam("postalCode", "9999" + i)
          .get("/api/v1/tracking")
          .then()
          .statusCode(404);
      assertEquals(
          404,
          post("/track/" + store.slug(), form, lookup(number, "guess" + i + "@x.example"))
              .statusCode());
    }

    assertEquals(
        429, post("/track/" + store.slug(), form, lookup(number, "ada@example.com")).statusCode());
    store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", "ada@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(429);
  }

  @Test
  void trackingDomainServesItsStoresForm() {
    TestStore store = TestStores.create();
    String domain = "track." + store.slug() + ".example";
    TestDomains.claimAndVerify(store.slug(), domain);
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());

    Response page = given().header("Host", domain).get("/track");
    assertEquals(200, page.statusCode());
    Form form = form(page);
    Response found =
        given()
            .redirects()
            .follow(false)
            .header("Host", domain)
            .cookie(FormGuard.COOKIE, form.cookie())
            .contentType("application/x-www-form-urlencoded")
            .formParams(withCsrf(lookup(number, "ada@example.com"), form))
            .post("/track");
    assertEquals(303, found.statusCode());

    given().header("Host", "nobody.example").get("/track").then().statusCode(404);
    TestStore other = TestStores.create();
    TestDomains.claim(other.slug(), domain).then().statusCode(200);
    TestDomains.serveOverHttp(
        domain, TestDomains.claim(other.slug(), domain).path("trackingDomainVerification.token"));
    TestDomains.verify(other.slug()).then().statusCode(409);
  }

  @Test
  void helpFormOpensOneCaseEvenWhenSentTwice() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    String token = token(store, number);
    Form form = open("/t/" + token + "/help");
    Map<String, String> fields = new HashMap<>();
    fields.put("type", "NOT_RECEIVED");
    fields.put("message", "Nothing yet.");
    fields.put("channel", "PHONE");
    fields.put("phone", "+49 151 1234567");
    fields.put("submission", form.submission());

    Response first = post("/t/" + token + "/help", form, fields);
    Response again = post("/t/" + token + "/help", form, fields);

    assertEquals(303, first.statusCode());
    assertEquals(first.header("Location"), again.header("Location"));
    String reference = first.header("Location").replaceAll(".*/help/", "");
    given().get(first.header("Location")).then().statusCode(200).body(containsString(reference));
    given()
        .auth()
        .oauth2(store.supportKey())
        .queryParam("orderNumber", number)
        .get("/api/v1/support/cases")
        .then()
        .statusCode(200)
        .body("items.size()", equalTo(1))
        .body("items[0].reference", equalTo(reference))
        .body("items[0].shipmentId", equalTo(shipment))
        .body("items[0].contactChannel", equalTo("PHONE"));
  }

  @Test
  void helpFormNamesWhatIsMissing() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    String token = token(store, number);
    Form form = open("/t/" + token + "/help");
    Map<String, String> fields = new HashMap<>();
    fields.put("type", "OTHER");
    fields.put("channel", "EMAIL");
    fields.put("email", "not-an-email");
    fields.put("submission", form.submission());

    Response refused = post("/t/" + token + "/help", form, fields);

    assertEquals(400, refused.statusCode());
    String html = refused.asString();
    assertTrue(html.contains("id=\"message-error\""));
    assertTrue(html.contains("id=\"email-error\""));
    assertTrue(html.contains("value=\"not-an-email\""), "what was typed is kept");
  }

  @Test
  void confirmationOfAnotherOrdersCaseIsNotShown() {
    TestStore store = TestStores.create();
    String mine = orderNumber();
    String theirs = orderNumber();
    TestStores.orderWithShipment(store, mine, "ada@example.com", TestStores.upsNumber());
    TestStores.orderWithShipment(store, theirs, "bob@example.com", TestStores.upsNumber());
    String theirToken = token(store, theirs);
    Form form = open("/t/" + theirToken + "/help");
    Map<String, String> fields = new HashMap<>();
    fields.put("type", "DELAYED");
    fields.put("channel", "EMAIL");
    fields.put("email", "bob@example.com");
    fields.put("submission", form.submission());
    String reference =
        post("/t/" + theirToken + "/help", form, fields)
            .header("Location")
            .replaceAll(".*/help/", "");

    given()
        .get("/t/" + token(store, mine) + "/help/" + reference)
        .then()
        .statusCode(404)
        .body(not(containsString(reference)));
  }

  private static Form open(String path) {
    Response page = given().get(path);
    assertEquals(200, page.statusCode(), path);
    return form(page);
  }

  private static Form form(Response page) {
    String html = page.asString();
    Matcher csrf = CSRF.matcher(html);
    assertTrue(csrf.find(), "form has a csrf field");
    Matcher submission = SUBMISSION.matcher(html);
    return new Form(
        page.cookie(FormGuard.COOKIE),
        csrf.group(1),
        submission.find() ? submission.group(1) : UUID.randomUUID().toString());
  }

  private static Response post(String path, Form form, Map<String, String> fields) {
    return given()
        .redirects()
        .follow(false)
        .cookie(FormGuard.COOKIE, form.cookie())
        .contentType("application/x-www-form-urlencoded")
        .formParams(withCsrf(fields, form))
        .post(path);
  }

  private static Map<String, String> withCsrf(Map<String, String> fields, Form form) {
    Map<String, String> all = new HashMap<>(fields);
    all.put("csrf", form.csrf());
    return all;
  }

  private static Map<String, String> lookup(String number, String contact) {
    Map<String, String> fields = new HashMap<>();
    fields.put("orderNumber", number);
    fields.put("contact", contact);
    fields.put("website", "");
    return fields;
  }

  private static String notice(Response page) {
    Matcher m = Pattern.compile("id=\"lookup-notice\">([^<]+)<").matcher(page.asString());
    assertTrue(m.find(), "page has a notice");
    return m.group(1);
  }

  private static String token(TestStore store, String number) {
    return store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
  }
}
