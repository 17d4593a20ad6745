package dev.waybill.support.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.platform.security.FormGuard;
import dev.waybill.testing.ConsoleSignIn;
import dev.waybill.testing.ConsoleSignIn.Form;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The sign-in form is protected against login CSRF like every other console form. */
@QuarkusTest
class ConsoleSignInTest {

  private static final String PASSWORD = "correct horse battery";

  @Test
  void signInFromTheConsolesOwnPageWorks() {
    TestStore store = TestStores.create();
    String email = ConsoleSession.addAgent(store, "AGENT");
    Form form = ConsoleSignIn.form();

    Response signedIn = post(form, email).header("Origin", self()).post(form.action());

    assertEquals(302, signedIn.statusCode());
    String session = signedIn.cookie("wb_console");
    assertNotNull(session);
    // Scripts can't read it and other sites' requests don't carry it; Secure comes with an https
    // public base URL (SessionCookiesTest).
    List<String> attributes = attributes(signedIn, "wb_console");
    assertTrue(attributes.contains("httponly"), attributes.toString());
    assertTrue(attributes.contains("samesite=strict"), attributes.toString());
    given()
        .redirects()
        .follow(false)
        .cookie("wb_console", session)
        .get("/console/" + store.slug())
        .then()
        .statusCode(200);
    // A browser that sends only a Referer is judged by it.
    Form again = ConsoleSignIn.form();
    Response byReferer =
        post(again, email).header("Referer", self() + "/console/login").post(again.action());
    assertNotNull(byReferer.cookie("wb_console"));
  }

  @Test
  void signInPostedFromAnotherSiteIsRefused() {
    TestStore store = TestStores.create();
    String email = ConsoleSession.addAgent(store, "AGENT");
    Form form = ConsoleSignIn.form();

    Response byOrigin =
        post(form, email).header("Origin", "https://attacker.example").post(form.action());
    Response byReferer =
        post(form, email)
            .header("Referer", "https://attacker.example/innocent-page")
            .post(form.action());

    for (Response refused : new Response[] {byOrigin, byReferer}) {
      assertEquals(403, refused.statusCode());
      assertNull(refused.cookie("wb_console"), "not signed in");
      assertTrue(refused.asString().contains("id=\"login-refused\""));
    }
  }

  @Test
  void signInWithoutTheFormsTokenIsRefused() {
    TestStore store = TestStores.create();
    String email = ConsoleSession.addAgent(store, "AGENT");
    Form mine = ConsoleSignIn.form();
    Form theirs = ConsoleSignIn.form();
    String token = mine.action().replaceFirst(".*csrf=", "");
    String forged = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "E" : "A");

    // No token; a token without the cookie it was signed for; another browser's token; a forgery.
    Response[] refused = {
      post(mine, email).post("/console/j_security_check"),
      post(new Form(null, mine.action()), email).post(mine.action()),
      post(mine, email).post(theirs.action()),
      post(mine, email).post("/console/j_security_check?csrf=" + forged),
      post(mine, email).post("/console/j_security_check?csrf=" + token.replaceAll("\\..*", ".x"))
    };

    for (Response r : refused) {
      assertEquals(403, r.statusCode());
      assertNull(r.cookie("wb_console"), "not signed in");
    }
    // The form mechanism answers any path ending in its location; the guard covers those too.
    Response sideDoor = post(mine, email).post("/console/x/console/j_security_check");
    assertNull(sideDoor.cookie("wb_console"), "not signed in through another path");
    // The untouched form still works.
    assertNotNull(post(mine, email).post(mine.action()).cookie("wb_console"));
  }

  @Test
  void refusedFormOffersAFreshOneThatWorks() {
    TestStore store = TestStores.create();
    String email = ConsoleSession.addAgent(store, "AGENT");
    Form stale = ConsoleSignIn.form();

    Response refused = post(stale, email).post("/console/j_security_check?csrf=1.expired");
    assertEquals(403, refused.statusCode());
    Matcher action =
        Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"").matcher(refused.asString());
    assertTrue(action.find());
    String cookie =
        refused.cookie(FormGuard.COOKIE) != null
            ? refused.cookie(FormGuard.COOKIE)
            : stale.cookie();

    Response signedIn = post(new Form(cookie, action.group(1)), email).post(action.group(1));
    assertEquals(302, signedIn.statusCode());
    assertNotNull(signedIn.cookie("wb_console"));
  }

  @Test
  void aSessionCookieKeptAfterSigningOutIsRefused() {
    TestStore store = TestStores.create();
    String email = ConsoleSession.addAgent(store, "AGENT");
    String otherDevice = ConsoleSignIn.post(email, PASSWORD).cookie("wb_console");
    ConsoleSession session = ConsoleSession.signIn(email);
    String kept = session.cookie("wb_console");
    assertEquals(200, session.get("/console/" + store.slug()).statusCode());

    Response signedOut = session.post("/console/logout", Map.of());
    assertEquals(303, signedOut.statusCode());
    assertTrue(signedOut.header("Location").endsWith("/console/login"));

    Response replayed =
        given()
            .redirects()
            .follow(false)
            .cookie("wb_console", kept)
            .get("/console/" + store.slug());
    assertEquals(302, replayed.statusCode(), "the copied cookie no longer signs anyone in");
    assertTrue(replayed.header("Location").contains("/console/login"));
    // Only that session ended: the agent's session on another device goes on.
    given()
        .redirects()
        .follow(false)
        .cookie("wb_console", otherDevice)
        .get("/console/" + store.slug())
        .then()
        .statusCode(200);
  }

  private static RequestSpecification post(Form form, String email) {
    RequestSpecification r =
        given()
            .redirects()
            .follow(false)
            .contentType("application/x-www-form-urlencoded")
            .formParam("email", email)
            .formParam("password", PASSWORD);
    return form.cookie() == null ? r : r.cookie(FormGuard.COOKIE, form.cookie());
  }

  /** The attributes of the response's Set-Cookie for this cookie, lower-cased. */
  private static List<String> attributes(Response r, String cookie) {
    String header =
        r.headers().getValues("Set-Cookie").stream()
            .filter(h -> h.startsWith(cookie + "="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + cookie + " cookie set"));
    return java.util.Arrays.stream(header.split(";"))
        .skip(1)
        .map(a -> a.strip().toLowerCase(java.util.Locale.ROOT))
        .toList();
  }

  private static String self() {
    return "http://localhost:" + RestAssured.port;
  }
}
