package dev.waybill.carriers.ups;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.CarrierException.Kind;
import dev.waybill.carriers.spi.OAuthTokens;
import dev.waybill.carriers.spi.RetryAfter;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * HTTP calls to UPS: an OAuth client-credentials token ({@code POST /security/v1/oauth/token}, HTTP
 * basic auth with the client id and secret) and the tracking details of one inquiry number ({@code
 * GET /api/track/v1/details/{inquiryNumber}}). Non-blocking; failures become {@link
 * CarrierException}s.
 */
public final class UpsClient implements AutoCloseable {

  static final String TOKEN_PATH = "/security/v1/oauth/token";
  static final String DETAILS_PATH = "/api/track/v1/details/";

  /**
   * Used when a token answer leaves out {@code expires_in}: short, so it is simply fetched again.
   */
  private static final Duration FALLBACK_TOKEN_LIFE = Duration.ofMinutes(5);

  private final WebClient web;
  private final UpsConfig config;
  private final ObjectMapper json;
  private final Clock clock;
  private final OAuthTokens tokens;
  private final String base;
  private final long timeoutMillis;

  public UpsClient(Vertx vertx, UpsConfig config, ObjectMapper json) {
    this(vertx, config, json, Clock.systemUTC());
  }

  UpsClient(Vertx vertx, UpsConfig config, ObjectMapper json, Clock clock) {
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
    this.tokens = new OAuthTokens(this::fetchToken, clock);
  }

  /**
   * The tracking details of one number, as UPS sent them; empty when UPS answers 404 "tracking
   * number information not found". A 401 gets one fresh token and one retry.
   */
  public Uni<Optional<JsonNode>> details(String trackingNumber) {
    return tokens
        .get()
        .chain(token -> requestDetails(trackingNumber, token))
        .chain(
            response -> {
              if (response.statusCode() != 401) {
                return Uni.createFrom().item(response);
              }
              Log.debugf("UPS refused the access token (401); fetching a new one");
              tokens.invalidate();
              return tokens.get().chain(token -> requestDetails(trackingNumber, token));
            })
        .map(this::readDetails)
        .onFailure(t -> !(t instanceof CarrierException))
        .transform(UpsClient::unavailable);
  }

  private Uni<HttpResponse<Buffer>> requestDetails(String trackingNumber, String token) {
    String number = URLEncoder.encode(trackingNumber, StandardCharsets.UTF_8).replace("+", "%20");
    return web.getAbs(base + DETAILS_PATH + number)
        .addQueryParam("locale", config.locale())
        .bearerTokenAuthentication(token)
        // UPS requires both: a per-request id (32 characters at most) and the calling app.
        .putHeader("transId", UUID.randomUUID().toString().replace("-", ""))
        .putHeader("transactionSrc", config.transactionSource())
        .putHeader("Accept", "application/json")
        .timeout(timeoutMillis)
        .send();
  }

  private Optional<JsonNode> readDetails(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 200) {
      return Optional.of(body(response));
    }
    if (status == 404) {
      JsonNode body = bodyOrNull(response);
      if (UpsMapper.isNotFoundAnswer(body)) {
        return Optional.empty();
      }
      // Not UPS's error document: a wrong base URL or a gateway, not an unknown number.
      throw new CarrierException(Kind.MALFORMED, "UPS tracking: HTTP 404 without UPS's error body");
    }
    throw failure(response, "tracking", Kind.MALFORMED);
  }

  private Uni<OAuthTokens.Token> fetchToken() {
    String id = config.clientId().filter(s -> !s.isBlank()).orElse(null);
    String secret = config.clientSecret().filter(s -> !s.isBlank()).orElse(null);
    if (id == null || secret == null) {
      return Uni.createFrom()
          .failure(new CarrierException(Kind.AUTH, "UPS client id and secret are not configured"));
    }
    HttpRequest<Buffer> request =
        web.postAbs(base + TOKEN_PATH)
            .basicAuthentication(id, secret)
            .putHeader("Accept", "application/json")
            .timeout(timeoutMillis);
    config
        .merchantId()
        .filter(s -> !s.isBlank())
        .ifPresent(merchant -> request.putHeader("x-merchant-id", merchant));
    return request
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials"))
        .map(this::readToken)
        .onFailure(t -> !(t instanceof CarrierException))
        .transform(UpsClient::unavailable);
  }

  private OAuthTokens.Token readToken(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      // A token request UPS rejects (400 included) means the credentials need fixing.
      throw failure(response, "token", Kind.AUTH);
    }
    JsonNode body = body(response);
    JsonNode token = body.get("access_token");
    if (token == null || !token.isTextual() || token.asText().isBlank()) {
      throw new CarrierException(Kind.MALFORMED, "UPS token answer without access_token");
    }
    Duration life = expiresIn(body.get("expires_in"));
    Log.debugf("UPS access token fetched, valid for %s", life);
    return new OAuthTokens.Token(token.asText(), life);
  }

  /** UPS documents {@code expires_in} as a string of seconds; a number is read as well. */
  private static Duration expiresIn(JsonNode value) {
    if (value == null || value.isNull()) {
      return FALLBACK_TOKEN_LIFE;
    }
    try {
      long seconds = Long.parseLong(value.asText().trim());
      return seconds > 0 ? Duration.ofSeconds(seconds) : FALLBACK_TOKEN_LIFE;
    } catch (NumberFormatException e) {
      return FALLBACK_TOKEN_LIFE;
    }
  }

  /**
   * The exception for a non-success answer.
   *
   * @param otherwise the kind for 4xx answers other than 401, 403 and 429
   */
  private CarrierException failure(HttpResponse<Buffer> response, String call, Kind otherwise) {
    int status = response.statusCode();
    String message =
        "UPS " + call + ": HTTP " + status + " (" + UpsMapper.errors(bodyOrNull(response)) + ")";
    if (status == 401 || status == 403) {
      return new CarrierException(Kind.AUTH, message);
    }
    if (status == 429) {
      return new CarrierException(
          Kind.RATE_LIMITED, message, retryAfter(response.getHeader("Retry-After"), clock), null);
    }
    if (status >= 500) {
      return new CarrierException(Kind.UNAVAILABLE, message);
    }
    return new CarrierException(otherwise, message);
  }

  /**
   * The {@code Retry-After} header as a duration: delay-seconds or an HTTP date. {@code null} when
   * absent or unreadable (UPS does not document sending it).
   */
  static Duration retryAfter(String header, Clock clock) {
    return RetryAfter.parse(header, clock);
  }

  private JsonNode body(HttpResponse<Buffer> response) {
    JsonNode body = bodyOrNull(response);
    if (body == null || !body.isObject()) {
      throw new CarrierException(
          Kind.MALFORMED, "UPS answered HTTP " + response.statusCode() + " with unreadable JSON");
    }
    return body;
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
    return new CarrierException(Kind.UNAVAILABLE, "UPS unreachable: " + cause, null, cause);
  }

  @Override
  public void close() {
    web.close();
  }
}
