package dev.waybill.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.platform.security.FormGuard;
import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The console's sign-in form as a browser uses it: read the page, then post what it holds. */
public final class ConsoleSignIn {

  private static final Pattern ACTION =
      Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"");

  /** What the sign-in page gave the browser: its form cookie and where the form posts. */
  public record Form(String cookie, String action) {}

  private ConsoleSignIn() {}

  public static Form form() {
    Response page = given().get("/console/login");
    assertEquals(200, page.statusCode());
    Matcher m = ACTION.matcher(page.asString());
    assertTrue(m.find(), "the page has a sign-in form");
    return new Form(page.cookie(FormGuard.COOKIE), m.group(1).replace("&amp;", "&"));
  }

  /** Reads the sign-in page and posts its form with these credentials, without following. */
  public static Response post(String email, String password) {
    Form form = form();
    return given()
        .redirects()
        .follow(false)
        .cookie(FormGuard.COOKIE, form.cookie())
        .contentType("application/x-www-form-urlencoded")
        .formParam("email", email)
        .formParam("password", password)
        .post(form.action());
  }
}
