package dev.waybill.platform.errors;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request line that is too long (414) or header fields that are too large (431) with a
 * problem document.
 *
 * <p>The HTTP codec rejects such requests before any handler of ours can see them, and answers with
 * an empty body that cannot be customized. So the codec is given room up to {@link #HEADROOM} times
 * the configured limits ({@code quarkus.http.limits.max-initial-line-length} and {@code
 * max-header-size}), and this handler, first on the router, enforces the configured limits
 * themselves. Only a request beyond that headroom still gets the codec's bare answer.
 */
@ApplicationScoped
public class RequestLimits implements HttpServerOptionsCustomizer {

  /** How far past the configured limits the codec still reads a request, to answer it here. */
  static final int HEADROOM = 4;

  private final int maxRequestLine;
  private final long maxHeaderSize;

  public RequestLimits(
      @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length", defaultValue = "4096")
          int maxRequestLine,
      @ConfigProperty(name = "quarkus.http.limits.max-header-size", defaultValue = "20K")
          MemorySize maxHeaderSize) {
    this.maxRequestLine = maxRequestLine;
    this.maxHeaderSize = maxHeaderSize.asLongValue();
  }

  @Override
  public void customizeHttpServer(HttpServerOptions options) {
    widen(options);
  }

  @Override
  public void customizeHttpsServer(HttpServerOptions options) {
    widen(options);
  }

  private void widen(HttpServerOptions options) {
    options.setMaxInitialLineLength(
        (int) Math.min(Integer.MAX_VALUE, (long) maxRequestLine * HEADROOM));
    options.setMaxHeaderSize((int) Math.min(Integer.MAX_VALUE, maxHeaderSize * HEADROOM));
  }

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::check);
  }

  private void check(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    // As the codec counts it: "GET /path?query HTTP/1.1".
    long line = request.method().name().length() + 1L + request.uri().length() + 9L;
    if (line > maxRequestLine) {
      // The problem leaves the path out: it is the part that is too long.
      refuse(
          rc,
          414,
          "uri-too-long",
          "URI too long",
          "The request line is longer than " + maxRequestLine + " characters",
          null);
      return;
    }
    long headers = 0;
    for (Map.Entry<String, String> h : request.headers()) {
      headers += h.getKey().length() + 2L + h.getValue().length();
    }
    if (headers > maxHeaderSize) {
      refuse(
          rc,
          431,
          "request-header-fields-too-large",
          "Request header fields too large",
          "The request's header fields are larger than " + maxHeaderSize / 1024 + " KB together",
          request.path());
      return;
    }
    rc.next();
  }

  private static void refuse(
      RoutingContext rc, int status, String type, String title, String detail, String instance) {
    rc.response()
        .setStatusCode(status)
        .putHeader("Content-Type", Problem.MEDIA_TYPE)
        // The request's body, if any, is not read: the connection cannot carry another request.
        .putHeader("Connection", "close")
        .end(Json.encode(Problem.of(status, type, title, detail, instance, null, null)));
  }
}
