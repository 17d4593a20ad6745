package dev.waybill.support.console;

import dev.waybill.platform.security.FormGuard;
import dev.waybill.platform.security.HtmlHeaders;
import io.quarkus.logging.Log;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.NewCookie;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Login CSRF protection for the console's sign-in form: without it a foreign page could sign a
 * visitor into the attacker's account and watch what they do there. The sign-in post is handled by
 * Quarkus form authentication on the router, below JAX-RS, so the check sits on the router ahead of
 * it. A post must come from this site (its Origin, or its Referer when there is no Origin) and
 * carry the {@link FormGuard} token the sign-in page issued for the browser's form cookie.
 *
 * <p>The token rides in the form's action URL rather than in its body: the form mechanism reads the
 * body itself, and a request body can be read only once. The token is worthless without the
 * HttpOnly, same-site cookie it is signed for.
 */
@ApplicationScoped
public class SignInGuard {

  /** Ahead of authentication (200) and the form post handler (150), after CORS (300). */
  private static final int ORDER = -250;

  private final FormGuard guard;
  private final String postLocation;

  public SignInGuard(
      FormGuard guard,
      @ConfigProperty(
              name = "quarkus.http.auth.form.post-location",
              defaultValue = "/j_security_check")
          String postLocation) {
    this.guard = guard;
    this.postLocation = postLocation.startsWith("/") ? postLocation : "/" + postLocation;
  }

  /** Where the sign-in form posts, with its token. */
  String action(FormGuard.Issued issued) {
    return postLocation + "?" + FormGuard.FIELD + "=" + issued.field();
  }

  void install(@Observes Router router) {
    router.route().method(HttpMethod.POST).order(ORDER).handler(this::check);
  }

  private void check(RoutingContext rc) {
    // The form mechanism takes any POST whose path ends with its location, so this does too.
    if (!rc.normalizedPath().endsWith(postLocation)) {
      rc.next();
      return;
    }
    HttpServerRequest request = rc.request();
    Cookie cookie = request.getCookie(FormGuard.COOKIE);
    String cookieValue = cookie == null ? null : cookie.getValue();
    if (guard.accepts(
        cookieValue,
        rc.queryParams().get(FormGuard.FIELD),
        request.getHeader("Origin"),
        request.getHeader("Referer"),
        request.getHeader("Host"))) {
      rc.next();
      return;
    }
    Log.info("Refused a console sign-in post: from another site, or without a valid form token");
    // The body is read and dropped first, so the connection stays usable for the next request.
    if (request.isEnded()) {
      refuse(rc, cookieValue);
    } else {
      request.body().onComplete(ignored -> refuse(rc, cookieValue));
      // Quarkus holds the body back until a handler asks for it.
      request.resume();
    }
  }

  /** 403 with the sign-in form again, carrying a fresh token, so a person can simply retry. */
  private void refuse(RoutingContext rc, String cookieValue) {
    if (rc.response().ended()) {
      return;
    }
    FormGuard.Issued issued = guard.issue(cookieValue);
    String html = ConsolePage.loginForm(false, true, action(issued));
    HttpServerResponse response = rc.response().setStatusCode(403);
    response.putHeader("Content-Type", "text/html;charset=UTF-8");
    HtmlHeaders.privatePage(html).forEach(response::putHeader);
    response.addCookie(cookie(issued.cookie())).end(html);
  }

  static Cookie cookie(NewCookie c) {
    Cookie out =
        Cookie.cookie(c.getName(), c.getValue())
            .setPath(c.getPath())
            .setHttpOnly(c.isHttpOnly())
            .setSecure(c.isSecure());
    if (c.getSameSite() != null) {
      out.setSameSite(CookieSameSite.valueOf(c.getSameSite().name()));
    }
    return out;
  }
}
