package dev.waybill.carriers.fedex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.CarrierException.Kind;
import dev.waybill.carriers.spi.OAuthTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The FedEx Track API over HTTP: an OAuth client-credentials token, then one {@code POST
 * /track/v1/trackingnumbers} per batch. Non-blocking; every failure becomes a {@link
 * CarrierException}.
 */
public final class FedexClient {

  static final String TOKEN_PATH = "/oauth/token";
  static final String TRACK_PATH = "/track/v1/trackingnumbers";

  /** FedEx's standard token lifetime, used when an answer leaves {@code expires_in} out. */
  private static final Duration DEFAULT_TOKEN_LIFE = Duration.ofHours(1);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebClient web;
  private final String baseUrl;
  private final long timeoutMillis;
  private final String clientId;
  private final String clientSecret;
  private final String locale;
  private final OAuthTokens tokens;

  public FedexClient(Vertx vertx, FedexConfig config) {
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setKeepAlive(true)
                .setTryUseCompression(true)
                .setMaxPoolSize(Math.max(2, config.maxConcurrency())));
    String url = config.baseUrl().trim();
    this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.timeoutMillis = config.timeout().toMillis();
    this.clientId = config.clientId().orElse("");
    this.clientSecret = config.clientSecret().orElse("");
    this.locale = config.locale();
    this.tokens = new OAuthTokens(this::fetchToken);
  }

  /**
   * FedEx's answer for one batch of at most 30 numbers, parsed but not interpreted. A rejected
   * token is refreshed and the call made once more.
   */
  public Uni<JsonNode> track(List<String> numbers) {
    Buffer body = Buffer.buffer(requestBody(numbers));
    return tokens
        .get()
        .chain(token -> postTrack(token, body))
        .chain(
            response -> {
              if (response.statusCode() != 401) {
                return Uni.createFrom().item(response);
              }
              // Tokens can be revoked or expire early; one fresh token settles which it is.
              tokens.invalidate();
              return tokens.get().chain(token -> postTrack(token, body));
            })
        .map(response -> readOk(response, "tracking"));
  }

  /** The documented request: every number, with full scan history. */
  static String requestBody(List<String> numbers) {
    ObjectNode root = JSON.createObjectNode();
    root.put("includeDetailedScans", true);
    ArrayNode info = root.putArray("trackingInfo");
    for (String number : numbers) {
      info.addObject().putObject("trackingNumberInfo").put("trackingNumber", number);
    }
    return root.toString();
  }

  private Uni<HttpResponse<Buffer>> postTrack(String token, Buffer body) {
    return unreachable(
        web.postAbs(baseUrl + TRACK_PATH)
            .timeout(timeoutMillis)
            .putHeader("Content-Type", "application/json")
            .putHeader("Authorization", "Bearer " + token)
            .putHeader("X-locale", locale)
            .putHeader("x-customer-transaction-id", UUID.randomUUID().toString())
            .sendBuffer(body),
        "tracking");
  }

  private Uni<OAuthTokens.Token> fetchToken() {
    MultiMap form =
        MultiMap.caseInsensitiveMultiMap()
            .add("grant_type", "client_credentials")
            .add("client_id", clientId)
            .add("client_secret", clientSecret);
    return unreachable(
            web.postAbs(baseUrl + TOKEN_PATH)
                .timeout(timeoutMillis)
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendForm(form),
            "token")
        .map(
            response -> {
              JsonNode token = readOk(response, "token");
              String value = token.path("access_token").asText("");
              if (value.isBlank()) {
                throw new CarrierException(
                    Kind.MALFORMED, "FedEx token answer has no access_token");
              }
              JsonNode expiresIn = token.get("expires_in");
              Duration life =
                  expiresIn != null && expiresIn.canConvertToLong() && expiresIn.asLong() > 0
                      ? Duration.ofSeconds(expiresIn.asLong())
                      : DEFAULT_TOKEN_LIFE;
              return new OAuthTokens.Token(value, life);
            });
  }

  /** Timeouts, refused connections and resets: worth another try later. */
  private static Uni<HttpResponse<Buffer>> unreachable(
      Uni<HttpResponse<Buffer>> call, String what) {
    return call.onFailure(e -> !(e instanceof CarrierException))
        .transform(
            e ->
                new CarrierException(
                    Kind.UNAVAILABLE, "FedEx " + what + " call failed: " + e, null, e));
  }

  /** The parsed body of a successful answer, or the failure its status stands for. */
  private static JsonNode readOk(HttpResponse<Buffer> response, String what) {
    int status = response.statusCode();
    String body = response.bodyAsString();
    if (status < 200 || status >= 300) {
      throw failure(what, status, errorCodes(body), response.getHeader("Retry-After"));
    }
    try {
      JsonNode json = body == null ? null : JSON.readTree(body);
      if (json == null || !json.isObject()) {
        throw new CarrierException(
            Kind.MALFORMED, "FedEx " + what + " answer is not a JSON object");
      }
      return json;
    } catch (JsonProcessingException e) {
      throw new CarrierException(Kind.MALFORMED, "FedEx " + what + " answer is not JSON", null, e);
    }
  }

  static CarrierException failure(String what, int status, String codes, String retryAfter) {
    String message = "FedEx " + what + " call answered " + status + codes;
    if (status == 401 || status == 403) {
      return new CarrierException(Kind.AUTH, message);
    }
    if (status == 429) {
      return new CarrierException(Kind.RATE_LIMITED, message, retryAfter(retryAfter), null);
    }
    if (status >= 500) {
      return new CarrierException(Kind.UNAVAILABLE, message);
    }
    // 400 and 404 mean FedEx could not read what was sent; a retry sends the same thing.
    return new CarrierException(Kind.MALFORMED, message);
  }

  /** FedEx's error codes from an error body, for the log; never the body itself. */
  private static String errorCodes(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      List<String> codes = new ArrayList<>();
      for (JsonNode error : JSON.readTree(body).path("errors")) {
        String code = error.path("code").asText("");
        if (!code.isBlank()) {
          codes.add(code);
        }
      }
      return codes.isEmpty() ? "" : " " + codes;
    } catch (JsonProcessingException e) {
      return "";
    }
  }

  /** {@code Retry-After} as seconds or as an HTTP date; {@code null} when absent or unreadable. */
  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(Instant.now(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }

  /** Releases the connection pool. */
  public void close() {
    web.close();
  }
}
