package dev.waybill.support.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.waybill.testing.ConsoleSignIn;
import dev.waybill.testing.TestAgents;
import dev.waybill.testing.TestStores.TestStore;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A signed-in console agent driven over HTTP: cookies kept, forms posted with their CSRF token. */
final class ConsoleSession {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final Map<String, String> cookies = new HashMap<>();
  private String csrf;

  private ConsoleSession() {}

  /** Adds a person to the store's team through the admin API. */
  static String addAgent(TestStore store, String role) {
    String email = "agent-" + UUID.randomUUID() + "@example.com";
    return TestAgents.add(store.slug(), email, "Dana " + role, "correct horse battery", role);
  }

  static ConsoleSession signIn(String email) {
    ConsoleSession s = new ConsoleSession();
    Response r = ConsoleSignIn.post(email, "correct horse battery");
    s.cookies.putAll(r.getCookies());
    assertNotNull(s.cookies.get("wb_console"), "signed in");
    return s;
  }

  /** The value of a cookie the browser holds now. */
  String cookie(String name) {
    return cookies.get(name);
  }

  /** Reads a page; its CSRF token is used for the next form. */
  Response get(String path) {
    Response r = given().redirects().follow(false).cookies(cookies).get(path);
    keep(r);
    Matcher m = CSRF.matcher(r.asString());
    if (m.find()) {
      csrf = m.group(1);
    }
    return r;
  }

  /** Posts a form as the page would, with the token of the last page read. */
  Response post(String path, Map<String, ?> form) {
    return post(path, form, true);
  }

  Response post(String path, Map<String, ?> form, boolean withToken) {
    Map<String, Object> fields = new HashMap<>(form);
    if (withToken) {
      fields.put("csrf", csrf);
    }
    Response r =
        given()
            .redirects()
            .follow(false)
            .cookies(cookies)
            .contentType("application/x-www-form-urlencoded")
            .formParams(fields)
            .post(path);
    keep(r);
    return r;
  }

  private void keep(Response r) {
    r.getCookies()
        .forEach(
            (k, v) -> {
              if (v == null || v.isEmpty()) {
                cookies.remove(k);
              } else {
                cookies.put(k, v);
              }
            });
  }
}
