package dev.waybill.platform.errors;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers an oversized body with a problem document before it is read. The HTTP layer would
 * otherwise reply 413 with no body; this catches every request that declares its length.
 */
@ApplicationScoped
public class BodyLimit {

  private final long limit;

  public BodyLimit(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M")
          MemorySize limit) {
    this.limit = limit.asLongValue();
  }

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            rc -> {
              String length = rc.request().getHeader("Content-Length");
              if (length != null && tooLarge(length)) {
                String body =
                    Json.encode(
                        Problem.of(
                            413,
                            "payload-too-large",
                            "Payload too large",
                            "The request body is larger than " + limit / 1024 + " KB",
                            rc.request().path(),
                            null,
                            null));
                rc.response()
                    .setStatusCode(413)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close")
                    .end(body);
                return;
              }
              rc.next();
            });
  }

  private boolean tooLarge(String length) {
    try {
      return Long.parseLong(length.trim()) > limit;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
