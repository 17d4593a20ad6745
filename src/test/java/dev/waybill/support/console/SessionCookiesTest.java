package dev.waybill.support.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's session cookies behind a TLS-terminating proxy: requests arrive in plain HTTP, and
 * only the public base URL says the console is served over HTTPS. A real Vert.x server stands in
 * for Quarkus form authentication, which sets its cookies the same way.
 */
class SessionCookiesTest {

  private static Vertx vertx;
  private HttpServer server;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void sessionCookiesSetOverHttpsAreSecureAndKeepTheirOtherAttributes() {
    int port = serve("https://track.example.test");

    Response signedIn = post(port, "/console/j_security_check");
    Response challenged = given().port(port).redirects().follow(false).get("/console/acme");

    List<String> session = attributes(signedIn, "wb_console");
    assertTrue(session.contains("secure"), session.toString());
    assertTrue(session.contains("httponly"), session.toString());
    assertTrue(session.contains("samesite=strict"), session.toString());
    assertTrue(session.contains("path=/console"), session.toString());
    assertTrue(attributes(challenged, "quarkus-redirect-location").contains("secure"));
  }

  @Test
  void cookiesTheBrowserSentAreNotSetAgain() {
    int port = serve("https://track.example.test");

    Response page = given().port(port).cookie("wb_console", "still-valid").get("/console/acme");

    assertEquals(200, page.statusCode());
    assertTrue(
        page.headers().getValues("Set-Cookie").stream().noneMatch(h -> h.startsWith("wb_console")));
  }

  @Test
  void overPlainHttpTheCookiesAreLeftAsTheyAre() {
    int port = serve("http://localhost:8080");

    List<String> session = attributes(post(port, "/console/j_security_check"), "wb_console");

    assertFalse(session.contains("secure"), session.toString());
    assertTrue(session.contains("httponly"), session.toString());
  }

  @Test
  void signInPostedToAnyPathEndingInItsLocationIsCovered() {
    int port = serve("https://track.example.test");

    Response signedIn = post(port, "/elsewhere/console/j_security_check");

    assertTrue(attributes(signedIn, "wb_console").contains("secure"));
  }

  /** A server whose routes set the cookies as Quarkus form authentication does. */
  private int serve(String publicBaseUrl) {
    Router router = Router.router(vertx);
    new SessionCookies(
            publicBaseUrl,
            "wb_console",
            "quarkus-redirect-location",
            "/console",
            "/console/j_security_check")
        .install(router);
    router
        .post()
        .handler(
            rc ->
                rc.response()
                    .addCookie(
                        Cookie.cookie("wb_console", "new-session")
                            .setPath("/console")
                            .setHttpOnly(true)
                            .setSameSite(CookieSameSite.STRICT))
                    .setStatusCode(302)
                    .putHeader("Location", "/console")
                    .end());
    router
        .get("/console/*")
        .handler(
            rc -> {
              if (rc.request().getCookie("wb_console") == null) {
                rc.response()
                    .addCookie(
                        Cookie.cookie("quarkus-redirect-location", "http://x/console/acme")
                            .setPath("/console")
                            .setSameSite(CookieSameSite.STRICT))
                    .setStatusCode(302)
                    .putHeader("Location", "/console/login")
                    .end();
              } else {
                rc.response().end("ok");
              }
            });
    try {
      server =
          vertx
              .createHttpServer()
              .requestHandler(router)
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return server.actualPort();
  }

  private static Response post(int port, String path) {
    return given().port(port).redirects().follow(false).post(path);
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
        .map(a -> a.strip().toLowerCase(Locale.ROOT))
        .toList();
  }
}
