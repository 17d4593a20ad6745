package dev.waybill.carriers.aftership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.carriers.CarrierDirectory;
import dev.waybill.carriers.spi.Aggregator;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.CarrierException.Kind;
import dev.waybill.carriers.spi.HttpFailures;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * AfterShip as an upstream: {@code POST /tracking/{version}/trackings} with {@code tracking_number}
 * and {@code slug}, authenticated by the {@code as-api-key} header. A tracking that already exists
 * on the account (meta code 4003) is a success: it was registered before. The fallback poll is
 * {@code GET /tracking/{version}/trackings/{id}}, whose {@code data} is the same tracking a push
 * carries in {@code msg}; once the parcel is delivered or returned, {@code POST
 * /trackings/{id}/mark-as-completed} stops AfterShip from updating it further.
 */
@ApplicationScoped
public class AftershipTrackings implements Aggregator {

  /** meta.code: "Tracking already exists." */
  static final int ALREADY_EXISTS = 4003;

  /**
   * meta.code values that refuse the request itself (invalid number, slug or fields): the same
   * request fails again, so it is not retried.
   */
  static final Set<Integer> REFUSALS = Set.of(4001, 4004, 4005, 4007, 4010, 4011, 4012, 4013);

  /** meta.code: "Tracking does not exist." */
  static final int DOES_NOT_EXIST = 4004;

  private final WebClient web;
  private final ObjectMapper json;
  private final String url;
  private final long timeoutMillis;
  private final Clock clock;
  private final CarrierDirectory carriers;

  public AftershipTrackings(
      AftershipConfig config,
      Vertx vertx,
      ObjectMapper json,
      Clock clock,
      CarrierDirectory carriers) {
    this.carriers = carriers;
    this.json = json;
    this.clock = clock;
    this.url =
        config.apiBaseUrl().replaceAll("/+$", "")
            + "/tracking/"
            + config.apiVersion()
            + "/trackings";
    this.timeoutMillis = config.apiTimeout().toMillis();
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setUserAgent("Waybill")
                .setFollowRedirects(false));
  }

  @PreDestroy
  void close() {
    web.close();
  }

  @Override
  public String name() {
    return AftershipWebhooks.NAME;
  }

  /** AfterShip creates one tracking per call. */
  @Override
  public int batchSize() {
    return 1;
  }

  @Override
  public boolean usesWebhookSecret() {
    return true;
  }

  /**
   * AfterShip's courier slug, as the carrier catalogue gives it ({@code aggregators.aftership}).
   */
  @Override
  public Optional<String> carrierId(String carrierCode) {
    return carriers.catalogue().aggregatorId(carrierCode, name());
  }

  @Override
  public Uni<List<Registered>> register(String apiKey, List<Registration> numbers) {
    return Multi.createFrom()
        .iterable(numbers)
        .onItem()
        .transformToUniAndConcatenate(n -> create(apiKey, n))
        .collect()
        .asList();
  }

  @Override
  public Uni<List<TrackingReport>> track(String apiKey, List<Tracked> numbers) {
    return Multi.createFrom()
        .iterable(numbers)
        .onItem()
        .transformToUniAndConcatenate(n -> retrieve(apiKey, n))
        .collect()
        .asList();
  }

  private Uni<TrackingReport> retrieve(String apiKey, Tracked n) {
    if (n.externalId() == null) {
      // Registration always records the tracking's id; without one there is nothing to ask for.
      return Uni.createFrom().item(TrackingReport.notFound(n.trackingNumber()));
    }
    return web.getAbs(url + "/" + encode(n.externalId()))
        .putHeader("as-api-key", apiKey)
        .putHeader("Accept", "application/json")
        .timeout(timeoutMillis)
        .send()
        .map(r -> readTracking(n, r))
        .onFailure(e -> !(e instanceof CarrierException))
        .transform(e -> HttpFailures.unavailable("AfterShip trackings", e));
  }

  private TrackingReport readTracking(Tracked n, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    JsonNode body = body(response);
    int code = body == null ? 0 : body.path("meta").path("code").asInt(0);
    if (status == 200) {
      if (body == null || !body.has("data")) {
        throw new CarrierException(Kind.MALFORMED, "AfterShip trackings: a 200 without data");
      }
      TrackingReport report = AftershipWebhookMapper.tracking(body.get("data"));
      return new TrackingReport(
          n.trackingNumber(),
          report.found(),
          report.events(),
          report.estimatedDelivery(),
          report.windowStart(),
          report.windowEnd(),
          report.serviceLevel(),
          report.signedBy(),
          report.proofOfDeliveryUrl());
    }
    if (status == 404 || code == DOES_NOT_EXIST) {
      return TrackingReport.notFound(n.trackingNumber());
    }
    throw failure(response, body, code);
  }

  @Override
  public boolean stops() {
    return true;
  }

  @Override
  public Uni<List<Stopped>> stop(String apiKey, List<Tracked> numbers) {
    return Multi.createFrom()
        .iterable(numbers)
        .onItem()
        .transformToUniAndConcatenate(n -> complete(apiKey, n))
        .collect()
        .asList();
  }

  /**
   * Marks the tracking completed with the reason AfterShip documents for the parcel's end: {@code
   * DELIVERED} or {@code RETURNED_TO_SENDER} ({@code LOST} for a parcel Waybill expired).
   */
  private Uni<Stopped> complete(String apiKey, Tracked n) {
    if (n.externalId() == null) {
      return Uni.createFrom()
          .item(Stopped.refused(n.trackingNumber(), "AfterShip: no tracking id was recorded"));
    }
    String reason =
        n.status() == TrackingStatus.RETURNED_TO_SENDER
            ? "RETURNED_TO_SENDER"
            : n.status() == TrackingStatus.EXPIRED ? "LOST" : "DELIVERED";
    return web.postAbs(url + "/" + encode(n.externalId()) + "/mark-as-completed")
        .putHeader("as-api-key", apiKey)
        .putHeader("Accept", "application/json")
        .timeout(timeoutMillis)
        .sendJsonObject(new JsonObject().put("reason", reason))
        .map(r -> readCompleted(n, r))
        .onFailure(e -> !(e instanceof CarrierException))
        .transform(e -> HttpFailures.unavailable("AfterShip mark-as-completed", e));
  }

  private Stopped readCompleted(Tracked n, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    JsonNode body = body(response);
    int code = body == null ? 0 : body.path("meta").path("code").asInt(0);
    if (status / 100 == 2) {
      return Stopped.stopped(n.trackingNumber());
    }
    if (status == 404 || code == DOES_NOT_EXIST) {
      // Nothing left to stop: the tracking was deleted on AfterShip's side.
      return Stopped.stopped(n.trackingNumber());
    }
    if (status == 400 || status == 422) {
      String message =
          AftershipWebhookMapper.text(body == null ? null : body.path("meta").get("message"));
      return Stopped.refused(
          n.trackingNumber(),
          "AfterShip " + (code == 0 ? "HTTP " + status : code) + ": " + message);
    }
    throw failure(response, body, code);
  }

  private CarrierException failure(HttpResponse<Buffer> response, JsonNode body, int code) {
    int status = response.statusCode();
    String message =
        AftershipWebhookMapper.text(body == null ? null : body.path("meta").get("message"));
    String retryAfter = response.getHeader("Retry-After");
    if (status == 429 && retryAfter == null) {
      retryAfter = resetSeconds(response.getHeader("X-RateLimit-Reset"));
    }
    return HttpFailures.of(
        status,
        retryAfter,
        "AfterShip trackings: AfterShip " + (code == 0 ? "HTTP " + status : code) + ": " + message,
        clock);
  }

  private static String encode(String id) {
    return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
  }

  private Uni<Registered> create(String apiKey, Registration n) {
    JsonObject body =
        new JsonObject().put("tracking_number", n.trackingNumber()).put("slug", n.carrierId());
    return web.postAbs(url)
        .putHeader("as-api-key", apiKey)
        .putHeader("Accept", "application/json")
        .timeout(timeoutMillis)
        .sendJsonObject(body)
        .map(r -> read(n, r))
        .onFailure(e -> !(e instanceof CarrierException))
        .transform(e -> HttpFailures.unavailable("AfterShip trackings", e));
  }

  private Registered read(Registration n, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    JsonNode body = body(response);
    int code = body == null ? 0 : body.path("meta").path("code").asInt(0);
    if (status / 100 == 2 || code == ALREADY_EXISTS) {
      if (body == null || !body.has("meta")) {
        throw new CarrierException(Kind.MALFORMED, "AfterShip trackings: a 2xx without meta");
      }
      return Registered.accepted(n.trackingNumber(), trackingId(body.path("data")));
    }
    String message =
        AftershipWebhookMapper.text(body == null ? null : body.path("meta").get("message"));
    String what = "AfterShip " + (code == 0 ? "HTTP " + status : code) + ": " + message;
    if (status == 400 && REFUSALS.contains(code)) {
      return Registered.refused(n.trackingNumber(), what);
    }
    String retryAfter = response.getHeader("Retry-After");
    if (status == 429 && retryAfter == null) {
      retryAfter = resetSeconds(response.getHeader("X-RateLimit-Reset"));
    }
    return throwing(HttpFailures.of(status, retryAfter, "AfterShip trackings: " + what, clock));
  }

  private static Registered throwing(CarrierException e) {
    throw e;
  }

  /** {@code X-RateLimit-Reset} is the epoch second the limit resets; as seconds from now. */
  private String resetSeconds(String reset) {
    if (reset == null || !reset.trim().matches("\\d{1,12}")) {
      return null;
    }
    long wait = Long.parseLong(reset.trim()) - clock.instant().getEpochSecond();
    return Long.toString(Math.max(1, Math.min(wait, Duration.ofHours(1).toSeconds())));
  }

  /** The tracking's id: {@code data.id} in current versions, {@code data.tracking.id} in v4. */
  private static String trackingId(JsonNode data) {
    String id = AftershipWebhookMapper.text(data.get("id"));
    return id != null ? id : AftershipWebhookMapper.text(data.path("tracking").get("id"));
  }

  private JsonNode body(HttpResponse<Buffer> response) {
    Buffer buffer = response.body();
    if (buffer == null || buffer.length() == 0) {
      return null;
    }
    try {
      return json.readTree(buffer.getBytes());
    } catch (IOException e) {
      if (response.statusCode() / 100 == 2) {
        throw new CarrierException(Kind.MALFORMED, "AfterShip trackings: not JSON", null, e);
      }
      return null;
    }
  }
}
