package dev.waybill.platform.observability;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the HTTP metrics' route lookup off requests that no HTTP security policy guards.
 *
 * <p>With form authentication on, Quarkus REST gives every request an auth failure handler that
 * fails the request into the REST exception mappers, and first works out the request's route
 * template for the metrics in case authentication fails before REST matches the request. That
 * lookup builds a fresh request mapper over every resource class, on every request, and was one of
 * the largest costs of a cached lookup. Only the console ({@code
 * quarkus.http.auth.form.cookie-path}) is guarded by HTTP security; everywhere else this installs
 * the same failing handler without the lookup, and REST sets the template itself once it matches.
 */
@ApplicationScoped
public class UnguardedPaths {

  /** Right after authentication (same priority, registered later), before Quarkus REST's own. */
  static final int PRIORITY = 200;

  /** Fails the request with the authentication failure, as Quarkus REST's handler does. */
  static final BiConsumer<RoutingContext, Throwable> FAIL =
      (rc, failure) -> {
        DefaultAuthFailureHandler.markIfOtherAuthenticationFailure(rc, failure);
        if (!rc.failed()) {
          rc.fail(DefaultAuthFailureHandler.extractRootCause(failure));
        }
      };

  private final String guarded;

  public UnguardedPaths(
      @ConfigProperty(name = "quarkus.http.auth.form.cookie-path", defaultValue = "/")
          String guarded) {
    this.guarded = guarded;
  }

  void install(@Observes Filters filters) {
    filters.register(this::handle, PRIORITY);
  }

  private void handle(RoutingContext rc) {
    if (!rc.normalizedPath().startsWith(guarded)
        && rc.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER) instanceof DefaultAuthFailureHandler) {
      rc.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, FAIL);
    }
    rc.next();
  }
}
