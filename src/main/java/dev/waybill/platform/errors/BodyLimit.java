package dev.waybill.platform.errors;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers an oversized body with a problem document. A body that declares its length is refused
 * before it is read; a streamed (chunked) one is read up to the limit first, because the layer
 * below would otherwise stop reading it with a bare 413 and fail the resource mid-request.
 */
@ApplicationScoped
public class BodyLimit {

  private static final String LIMIT = BodyLimit.class.getName() + ".limit";

  private final long limit;
  private final BodyHandler streamed;

  public BodyLimit(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M")
          MemorySize limit) {
    this.limit = limit.asLongValue();
    this.streamed = BodyHandler.create(false).setBodyLimit(this.limit);
  }

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            rc -> {
              rc.put(LIMIT, limit);
              String length = rc.request().getHeader("Content-Length");
              if (length != null && tooLarge(length)) {
                rc.response()
                    .setStatusCode(413)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close")
                    .end(Json.encode(problem(limit, rc.request().path())));
                return;
              }
              if (length == null && rc.request().getHeader("Transfer-Encoding") != null) {
                // Over the limit this fails the request with 413, which RouterFailures answers.
                streamed.handle(rc);
                return;
              }
              rc.next();
            });
  }

  static Problem problem(long limit, String path) {
    return Problem.of(
        413,
        "payload-too-large",
        "Payload too large",
        "The request body is larger than " + limit / 1024 + " KB",
        path,
        null,
        null);
  }

  static long limitOf(RoutingContext rc) {
    Long limit = rc.get(LIMIT);
    return limit == null ? 0 : limit;
  }

  private boolean tooLarge(String length) {
    try {
      return Long.parseLong(length.trim()) > limit;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
