package dev.waybill.carriers.dhl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.CarrierException.Kind;
import dev.waybill.carriers.spi.RetryAfter;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * HTTP calls to DHL's Shipment Tracking – Unified API: {@code GET /track/shipments} for one number,
 * always naming the DHL business ({@code service}) that issued it. Non-blocking; failures become
 * {@link CarrierException}s.
 */
public final class DhlClient implements AutoCloseable {

  static final String PATH = "/track/shipments";

  /** What one call asks: the number, its DHL business, and the optional hints DHL accepts. */
  public record Query(
      String trackingNumber,
      String service,
      String language,
      String recipientPostalCode,
      String originCountryCode) {}

  private final WebClient web;
  private final DhlConfig config;
  private final ObjectMapper json;
  private final Clock clock;
  private final String base;
  private final long timeoutMillis;

  public DhlClient(Vertx vertx, DhlConfig config, ObjectMapper json) {
    this(vertx, config, json, Clock.systemUTC());
  }

  DhlClient(Vertx vertx, DhlConfig config, ObjectMapper json, Clock clock) {
    this.config = config;
    this.json = json;
    this.clock = clock;
    this.timeoutMillis = config.timeout().toMillis();
    this.base = config.baseUrl().replaceAll("/+$", "");
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setUserAgent("Waybill")
                .setFollowRedirects(false));
  }

  /**
   * DHL's answer for one number; empty when DHL answers 404 with its problem document: DHL knows
   * new shipments only 10 to 30 minutes after the label is made, so this is "not found yet".
   */
  public Uni<Optional<JsonNode>> track(Query query) {
    String key = config.apiKey().filter(s -> !s.isBlank()).orElse(null);
    if (key == null) {
      return Uni.createFrom()
          .failure(new CarrierException(Kind.AUTH, "DHL API key is not configured"));
    }
    HttpRequest<Buffer> request =
        web.getAbs(base + PATH)
            .addQueryParam("trackingNumber", query.trackingNumber())
            .addQueryParam("service", query.service())
            .putHeader("DHL-API-Key", key)
            .putHeader("Accept", "application/json")
            .timeout(timeoutMillis);
    if (query.language() != null) {
      request.addQueryParam("language", query.language());
    }
    if (query.recipientPostalCode() != null) {
      request.addQueryParam("recipientPostalCode", query.recipientPostalCode());
    }
    if (query.originCountryCode() != null) {
      request.addQueryParam("originCountryCode", query.originCountryCode());
    }
    return request
        .send()
        .map(this::read)
        .onFailure(t -> !(t instanceof CarrierException))
        .transform(DhlClient::unavailable);
  }

  private Optional<JsonNode> read(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 200) {
      JsonNode body = bodyOrNull(response);
      if (body == null || !body.isObject()) {
        throw new CarrierException(Kind.MALFORMED, "DHL answered HTTP 200 with unreadable JSON");
      }
      return Optional.of(body);
    }
    JsonNode problem = bodyOrNull(response);
    if (status == 404) {
      if (DhlMapper.isProblem(problem)) {
        return Optional.empty();
      }
      // Not DHL's problem document: a wrong base URL or a gateway, not an unknown number.
      throw new CarrierException(Kind.MALFORMED, "DHL tracking: HTTP 404 without a problem body");
    }
    String message = "DHL tracking: HTTP " + status + " (" + DhlMapper.describe(problem) + ")";
    if (status == 401 || status == 403) {
      throw new CarrierException(Kind.AUTH, message);
    }
    if (status == 429) {
      throw new CarrierException(Kind.RATE_LIMITED, message, retryAfter(response), null);
    }
    if (status >= 500) {
      throw new CarrierException(Kind.UNAVAILABLE, message);
    }
    throw new CarrierException(Kind.MALFORMED, message);
  }

  /**
   * How long DHL asked us to wait: {@code Retry-After} (seconds or an HTTP date), else {@code
   * RateLimit-Reset} (seconds until the limit resets), else {@code null}.
   */
  Duration retryAfter(HttpResponse<Buffer> response) {
    Duration wait = RetryAfter.parse(response.getHeader("Retry-After"), clock);
    return wait != null ? wait : seconds(response.getHeader("RateLimit-Reset"));
  }

  private static Duration seconds(String header) {
    if (header == null || !header.trim().matches("\\d{1,10}")) {
      return null;
    }
    return Duration.ofSeconds(Long.parseLong(header.trim()));
  }

  private JsonNode bodyOrNull(HttpResponse<Buffer> response) {
    Buffer buffer = response.body();
    if (buffer == null || buffer.length() == 0) {
      return null;
    }
    try {
      return json.readTree(buffer.getBytes());
    } catch (IOException e) {
      return null;
    }
  }

  private static CarrierException unavailable(Throwable cause) {
    return new CarrierException(Kind.UNAVAILABLE, "DHL unreachable: " + cause, null, cause);
  }

  @Override
  public void close() {
    web.close();
  }
}
