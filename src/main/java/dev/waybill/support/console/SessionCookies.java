package dev.waybill.support.console;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Marks the console's session cookie (and the cookie that remembers where to return after signing
 * in) Secure when Waybill is served over HTTPS, as its public base URL says. Quarkus form
 * authentication marks them Secure only when the request itself arrived over TLS, which behind a
 * TLS-terminating proxy holds only if forwarded headers are trusted; a session cookie sent once in
 * clear is a session anyone on the path can take.
 */
@ApplicationScoped
public class SessionCookies {

  /** Ahead of authentication, which sets the cookies. */
  private static final int ORDER = -260;

  private final boolean secure;
  private final List<String> names;
  private final String cookiePath;
  private final String postLocation;

  public SessionCookies(
      @ConfigProperty(name = "waybill.tracking.public-base-url", defaultValue = "http://localhost")
          String publicBaseUrl,
      @ConfigProperty(
              name = "quarkus.http.auth.form.cookie-name",
              defaultValue = "quarkus-credential")
          String sessionCookie,
      @ConfigProperty(
              name = "quarkus.http.auth.form.location-cookie",
              defaultValue = "quarkus-redirect-location")
          String locationCookie,
      @ConfigProperty(name = "quarkus.http.auth.form.cookie-path", defaultValue = "/")
          String cookiePath,
      @ConfigProperty(
              name = "quarkus.http.auth.form.post-location",
              defaultValue = "/j_security_check")
          String postLocation) {
    this.secure = publicBaseUrl.startsWith("https://");
    this.names = List.of(sessionCookie, locationCookie);
    this.cookiePath = cookiePath;
    this.postLocation = postLocation.startsWith("/") ? postLocation : "/" + postLocation;
  }

  void install(@Observes Router router) {
    if (secure) {
      router.route().order(ORDER).handler(this::mark);
    }
  }

  private void mark(RoutingContext rc) {
    String path = rc.normalizedPath();
    // The browser sends these cookies only under their path, so only there are they renewed; the
    // sign-in post is answered wherever its path ends.
    if (!path.startsWith(cookiePath) && !path.endsWith(postLocation)) {
      rc.next();
      return;
    }
    // The request's own cookies share the response's jar; only the ones set now are touched, or
    // they would be sent back as new cookies.
    Set<Cookie> received = Collections.newSetFromMap(new IdentityHashMap<>());
    for (String name : names) {
      received.addAll(rc.request().cookies(name));
    }
    rc.addHeadersEndHandler(
        ignored -> {
          for (String name : names) {
            for (Cookie c : rc.request().cookies(name)) {
              if (!received.contains(c)) {
                c.setSecure(true);
              }
            }
          }
        });
    rc.next();
  }
}
