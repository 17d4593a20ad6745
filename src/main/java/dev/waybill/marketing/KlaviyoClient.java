package dev.waybill.marketing;

import dev.waybill.carriers.spi.RetryAfter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Klaviyo's Create Event call ({@code POST /api/events}, JSON:API). Answers are sorted into sent
 * (202), worth retrying (429 with how long Klaviyo asked to wait, 5xx, the network) and refused
 * (any other 4xx: a bad key, a missing scope, a payload Klaviyo rejects).
 */
@ApplicationScoped
public class KlaviyoClient {

  static final String JSON_API = "application/vnd.api+json";

  /** What Klaviyo made of an event. */
  public sealed interface Result {}

  /** Accepted for processing. */
  public record Sent(int status) implements Result {}

  /** Not now: try again, no sooner than {@code after} when Klaviyo said (else null). */
  public record Retry(int status, String error, Duration after) implements Result {}

  /** Refused: sending it again changes nothing. */
  public record Refused(int status, String error) implements Result {}

  private final WebClient web;
  private final MarketingConfig.Klaviyo config;
  private final String url;
  private final Clock clock;

  public KlaviyoClient(Vertx vertx, MarketingConfig config, Clock clock) {
    this.clock = clock;
    this.config = config.klaviyo();
    this.url = this.config.baseUrl().replaceAll("/+$", "") + "/api/events";
    long timeout = this.config.timeout().toMillis();
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("Waybill")
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout))
                .setIdleTimeout((int) Math.max(1, this.config.timeout().toSeconds())));
  }

  /**
   * Creates one event in the account of {@code privateKey}; never fails, the outcome is the result.
   */
  public Uni<Result> create(String privateKey, JsonObject body) {
    return web.postAbs(url)
        .timeout(config.timeout().toMillis())
        .putHeader("Authorization", "Klaviyo-API-Key " + privateKey)
        .putHeader("revision", config.revision())
        .putHeader("Content-Type", JSON_API)
        .putHeader("accept", JSON_API)
        .sendBuffer(Buffer.buffer(body.encode()))
        .map(r -> read(r, clock))
        .onFailure()
        .recoverWithItem(e -> new Retry(0, "network: " + e.getMessage(), null));
  }

  static Result read(HttpResponse<Buffer> response, Clock clock) {
    int code = response.statusCode();
    if (code >= 200 && code < 300) {
      return new Sent(code);
    }
    String errors = errors(response.bodyAsString());
    if (code == 429) {
      return new Retry(
          code,
          "HTTP 429 (rate limited)" + errors,
          RetryAfter.parse(response.getHeader("Retry-After"), clock));
    }
    if (code >= 500 || code == 408) {
      return new Retry(
          code,
          "HTTP " + code + errors,
          RetryAfter.parse(response.getHeader("Retry-After"), clock));
    }
    return new Refused(code, "HTTP " + code + errors);
  }

  /**
   * Klaviyo's JSON:API errors as one line ({@code ": title: detail (pointer)"}), so the admin sees
   * why; a body of another shape is shown cut short.
   */
  static String errors(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonArray errors = new JsonObject(body).getJsonArray("errors");
      if (errors != null && !errors.isEmpty()) {
        List<String> out = new ArrayList<>();
        for (Object o : errors) {
          if (o instanceof JsonObject err) {
            String title = err.getString("title", "");
            String detail = err.getString("detail", "");
            String line = detail.isEmpty() || detail.equals(title) ? title : title + " " + detail;
            String pointer =
                err.getJsonObject("source", new JsonObject()).getString("pointer", null);
            out.add(pointer == null ? line.strip() : line.strip() + " (" + pointer + ")");
          }
        }
        return ": " + String.join("; ", out);
      }
    } catch (RuntimeException notJson) {
      // shown as it came, below
    }
    return ": " + (body.length() <= 200 ? body : body.substring(0, 200));
  }
}
