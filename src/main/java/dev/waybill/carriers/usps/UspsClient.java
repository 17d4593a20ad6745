package dev.waybill.carriers.usps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.CarrierException.Kind;
import dev.waybill.carriers.spi.OAuthTokens;
import dev.waybill.platform.observability.Masking;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Thin non-blocking HTTP access to the USPS Tracking 3.0 API: an OAuth 2.0 client-credentials token
 * from {@code POST /oauth2/v3/token}, then {@code GET /tracking/v3/tracking/{number}?expand=DETAIL}
 * with it, one number per call. HTTP failures become {@link CarrierException}s; reading the answers
 * is left to {@link UspsMapper}.
 */
public final class UspsClient {

  /**
   * A tracking answer the mapper reads: 200, or a 400/404 error body ({@code null} if unreadable).
   */
  public record Reply(int status, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  // Tokens that don't say how long they live are refreshed early rather than used until a 401.
  private static final Duration DEFAULT_TOKEN_LIFE = Duration.ofMinutes(5);

  private final UspsConfig config;
  private final WebClient web;
  private final OAuthTokens tokens;
  private final Clock clock;
  private final String baseUrl;
  private final long timeoutMillis;

  public UspsClient(Vertx vertx, UspsConfig config) {
    this(vertx, config, Clock.systemUTC());
  }

  UspsClient(Vertx vertx, UspsConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.timeoutMillis = config.timeout().toMillis();
    this.baseUrl = config.baseUrl().replaceAll("/+$", "");
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("Waybill")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)));
    this.tokens = new OAuthTokens(this::fetchToken, clock);
  }

  /**
   * Tracks one number. A 401 drops the cached token and tries once more with a new one, since USPS
   * may revoke tokens before they expire.
   */
  public Uni<Reply> track(String trackingNumber) {
    return track(trackingNumber, true);
  }

  private Uni<Reply> track(String trackingNumber, boolean retryUnauthorized) {
    return tokens
        .get()
        .onItem()
        .transformToUni(
            token ->
                web.getAbs(baseUrl + "/tracking/v3/tracking/" + pathSegment(trackingNumber))
                    .addQueryParam("expand", "DETAIL")
                    .bearerTokenAuthentication(token)
                    .putHeader("Accept", "application/json")
                    .timeout(timeoutMillis)
                    .send()
                    .onFailure()
                    .transform(e -> transportFailure("tracking", e)))
        .onItem()
        .transformToUni(
            response -> {
              int status = response.statusCode();
              if (status == 401 && retryUnauthorized) {
                Log.debugf("USPS answered 401 for %s; fetching a new token", trackingNumber);
                tokens.invalidate();
                return track(trackingNumber, false);
              }
              if (status == 200) {
                return Uni.createFrom().item(new Reply(status, json(response, "tracking")));
              }
              if (status == 400 || status == 404) {
                return Uni.createFrom().item(new Reply(status, jsonOrNull(response)));
              }
              return Uni.createFrom().failure(httpFailure("tracking", response));
            });
  }

  /** Closes the HTTP client. */
  public void close() {
    web.close();
  }

  private Uni<OAuthTokens.Token> fetchToken() {
    String clientId = config.clientId().filter(s -> !s.isBlank()).orElse(null);
    String clientSecret = config.clientSecret().filter(s -> !s.isBlank()).orElse(null);
    if (clientId == null || clientSecret == null) {
      return Uni.createFrom()
          .failure(new CarrierException(Kind.AUTH, "USPS client id or secret is not configured"));
    }
    // USPS documents a JSON body for the client-credentials grant.
    JsonObject body =
        new JsonObject()
            .put("grant_type", "client_credentials")
            .put("client_id", clientId)
            .put("client_secret", clientSecret)
            .put("scope", config.scope());
    return web.postAbs(baseUrl + "/oauth2/v3/token")
        .putHeader("Accept", "application/json")
        .timeout(timeoutMillis)
        .sendJsonObject(body)
        .onFailure()
        .transform(e -> transportFailure("token", e))
        .map(this::token);
  }

  private OAuthTokens.Token token(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 400) {
      // OAuth answers invalid_client / invalid_grant with 400: the credentials are wrong.
      throw new CarrierException(
          Kind.AUTH, "USPS refused the token request (HTTP 400): " + response.bodyAsString());
    }
    if (status != 200) {
      throw httpFailure("token", response);
    }
    JsonNode json = json(response, "token");
    String accessToken = json.path("access_token").asText("");
    if (accessToken.isBlank()) {
      throw new CarrierException(Kind.MALFORMED, "USPS token answer has no access_token");
    }
    // The USPS example writes expires_in as a string, live answers as a number.
    JsonNode expiresIn = json.path("expires_in");
    Duration life = DEFAULT_TOKEN_LIFE;
    if (expiresIn.isNumber() || expiresIn.isTextual()) {
      try {
        long seconds = Long.parseLong(expiresIn.asText().trim());
        if (seconds > 0) {
          life = Duration.ofSeconds(seconds);
        }
      } catch (NumberFormatException e) {
        Log.debugf("USPS token expires_in is not a number: %s", expiresIn);
      }
    }
    return new OAuthTokens.Token(accessToken, life);
  }

  private CarrierException httpFailure(String call, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    String message = "USPS " + call + " call failed with HTTP " + status;
    if (status == 401 || status == 403) {
      return new CarrierException(Kind.AUTH, message);
    }
    if (status == 429) {
      return new CarrierException(
          Kind.RATE_LIMITED, message, retryAfter(response.getHeader("Retry-After")), null);
    }
    if (status >= 500) {
      return new CarrierException(
          Kind.UNAVAILABLE, message, retryAfter(response.getHeader("Retry-After")), null);
    }
    // The body can name the recipient or the address; only its start goes to the log, masked.
    String body = response.bodyAsString();
    Log.warnf(
        "%s: %s",
        message,
        Masking.mask(body == null || body.length() <= 300 ? body : body.substring(0, 300) + "…"));
    return new CarrierException(Kind.MALFORMED, message);
  }

  private static CarrierException transportFailure(String call, Throwable e) {
    if (e instanceof CarrierException carrier) {
      return carrier;
    }
    return new CarrierException(
        Kind.UNAVAILABLE, "USPS " + call + " call failed: " + e.getMessage(), null, e);
  }

  /**
   * {@code Retry-After} as delay-seconds or an HTTP date; {@code null} when absent or unreadable.
   */
  Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException e) {
      // Not seconds; try an HTTP date.
    }
    try {
      Duration until =
          Duration.between(
              clock.instant(),
              ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      return until.isNegative() ? Duration.ZERO : until;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static JsonNode json(HttpResponse<Buffer> response, String call) {
    JsonNode json = jsonOrNull(response);
    if (json == null || !json.isObject()) {
      throw new CarrierException(Kind.MALFORMED, "USPS " + call + " answer is not a JSON object");
    }
    return json;
  }

  private static JsonNode jsonOrNull(HttpResponse<Buffer> response) {
    String body = response.bodyAsString();
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode json = JSON.readTree(body);
      return json == null || json.isMissingNode() ? null : json;
    } catch (IOException e) {
      return null;
    }
  }

  private static String pathSegment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
