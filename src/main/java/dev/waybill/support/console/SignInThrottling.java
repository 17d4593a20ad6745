package dev.waybill.support.console;

import dev.waybill.platform.security.FormGuard;
import dev.waybill.platform.security.HtmlHeaders;
import dev.waybill.support.agents.SignInThrottled;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a throttled console sign-in with {@code 429}, {@code Retry-After} and the sign-in page
 * saying how long to wait, instead of the wrong-password redirect. The sign-in post is
 * authenticated on the router, below JAX-RS, so this hooks into the authentication failure handler
 * Quarkus keeps on each request: set by authentication, used when the sign-in post is checked
 * afterwards.
 */
@ApplicationScoped
public class SignInThrottling {

  /** After authentication (200) sets its failure handler, before the form post handler (150). */
  private static final int ORDER = -175;

  private final FormGuard guard;
  private final SignInGuard signIn;
  private final String postLocation;

  public SignInThrottling(
      FormGuard guard,
      SignInGuard signIn,
      @ConfigProperty(
              name = "quarkus.http.auth.form.post-location",
              defaultValue = "/j_security_check")
          String postLocation) {
    this.guard = guard;
    this.signIn = signIn;
    this.postLocation = postLocation.startsWith("/") ? postLocation : "/" + postLocation;
  }

  void install(@Observes Router router) {
    router.route().method(HttpMethod.POST).order(ORDER).handler(this::wrap);
  }

  private void wrap(RoutingContext rc) {
    BiConsumer<RoutingContext, Throwable> original = rc.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
    if (rc.normalizedPath().endsWith(postLocation) && original != null) {
      rc.put(
          QuarkusHttpUser.AUTH_FAILURE_HANDLER,
          (BiConsumer<RoutingContext, Throwable>)
              (ctx, failure) -> {
                SignInThrottled throttled = throttled(failure);
                if (throttled == null) {
                  original.accept(ctx, failure);
                } else {
                  answer(ctx, throttled);
                }
              });
    }
    rc.next();
  }

  private static SignInThrottled throttled(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      if (t instanceof SignInThrottled throttled) {
        return throttled;
      }
    }
    return null;
  }

  /** 429 with the sign-in form, and a fresh token for when the wait is over. */
  private void answer(RoutingContext rc, SignInThrottled throttled) {
    if (rc.response().ended()) {
      return;
    }
    Cookie formCookie = rc.request().getCookie(FormGuard.COOKIE);
    FormGuard.Issued issued = guard.issue(formCookie == null ? null : formCookie.getValue());
    String html = ConsolePage.throttledForm(throttled.retryAfterSeconds(), signIn.action(issued));
    HttpServerResponse response = rc.response().setStatusCode(429);
    response.putHeader("Content-Type", "text/html;charset=UTF-8");
    response.putHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
    HtmlHeaders.privatePage(html).forEach(response::putHeader);
    response.addCookie(SignInGuard.cookie(issued.cookie())).end(html);
  }
}
