package dev.waybill.carriers.easypost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.carriers.CarrierDirectory;
import dev.waybill.carriers.spi.Aggregator;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.CarrierException.Kind;
import dev.waybill.carriers.spi.HttpFailures;
import dev.waybill.shipping.TrackingReport;
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
import java.util.List;
import java.util.Optional;

/**
 * EasyPost as an upstream: {@code POST /v2/trackers} with {@code tracking_code} and {@code
 * carrier}, HTTP basic auth with the store's API key as the user. EasyPost creates a tracker or,
 * for a number it already tracks on that account, returns the existing one, so a repeated
 * registration is harmless. The fallback poll is {@code GET /v2/trackers/{id}}, which answers the
 * same Tracker a push carries. EasyPost's API has no call that stops a tracker: it stops updating a
 * tracker itself once the parcel is delivered or returned, so nothing is stopped here.
 */
@ApplicationScoped
public class EasypostTrackers implements Aggregator {

  static final String TRACKERS_PATH = "/v2/trackers";

  private final WebClient web;
  private final ObjectMapper json;
  private final String base;
  private final long timeoutMillis;
  private final Clock clock;
  private final CarrierDirectory carriers;

  public EasypostTrackers(
      EasypostConfig config,
      Vertx vertx,
      ObjectMapper json,
      Clock clock,
      CarrierDirectory carriers) {
    this.carriers = carriers;
    this.json = json;
    this.clock = clock;
    this.base = config.apiBaseUrl().replaceAll("/+$", "");
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
    return EasypostWebhooks.NAME;
  }

  /** EasyPost creates one tracker per call. */
  @Override
  public int batchSize() {
    return 1;
  }

  @Override
  public boolean usesWebhookSecret() {
    return true;
  }

  /** EasyPost's carrier name, as the carrier catalogue gives it ({@code aggregators.easypost}). */
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
      // Registration always records the tracker's id; without one there is nothing to ask for.
      return Uni.createFrom().item(TrackingReport.notFound(n.trackingNumber()));
    }
    return web.getAbs(base + TRACKERS_PATH + "/" + encode(n.externalId()))
        .basicAuthentication(apiKey, "")
        .putHeader("Accept", "application/json")
        .timeout(timeoutMillis)
        .send()
        .map(r -> readTracker(n, r))
        .onFailure(e -> !(e instanceof CarrierException))
        .transform(e -> HttpFailures.unavailable("EasyPost trackers", e));
  }

  private TrackingReport readTracker(Tracked n, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    JsonNode body = body(response);
    if (status == 200) {
      if (body == null) {
        throw new CarrierException(Kind.MALFORMED, "EasyPost trackers: a 200 without a Tracker");
      }
      TrackingReport report = EasypostWebhookMapper.tracker(body);
      // The Tracker's own number is the carrier's spelling; the shipment is the one asked about.
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
    if (status == 404) {
      return TrackingReport.notFound(n.trackingNumber());
    }
    throw HttpFailures.of(
        status,
        response.getHeader("Retry-After"),
        "EasyPost trackers: HTTP " + status + " (" + error(body) + ")",
        clock);
  }

  private static String encode(String id) {
    return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
  }

  private Uni<Registered> create(String apiKey, Registration n) {
    JsonObject body =
        new JsonObject()
            .put(
                "tracker",
                new JsonObject()
                    .put("tracking_code", n.trackingNumber())
                    .put("carrier", n.carrierId()));
    return web.postAbs(base + TRACKERS_PATH)
        .basicAuthentication(apiKey, "")
        .putHeader("Accept", "application/json")
        .timeout(timeoutMillis)
        .sendJsonObject(body)
        .map(r -> read(n, r))
        .onFailure(e -> !(e instanceof CarrierException))
        .transform(e -> HttpFailures.unavailable("EasyPost trackers", e));
  }

  private Registered read(Registration n, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    JsonNode body = body(response);
    if (status == 200 || status == 201) {
      String id = body == null ? null : EasypostWebhookMapper.text(body.get("id"));
      if (id == null
          || !"Tracker".equalsIgnoreCase(EasypostWebhookMapper.text(body.get("object")))) {
        throw new CarrierException(Kind.MALFORMED, "EasyPost trackers: a 2xx without a Tracker");
      }
      return Registered.accepted(n.trackingNumber(), id);
    }
    String error = error(body);
    if (status == 422 || status == 400) {
      // EasyPost refuses the number or the carrier itself: the same request will fail again.
      return Registered.refused(n.trackingNumber(), "EasyPost: " + error);
    }
    throw HttpFailures.of(
        status,
        response.getHeader("Retry-After"),
        "EasyPost trackers: HTTP " + status + " (" + error + ")",
        clock);
  }

  /** EasyPost's error document: {@code {"error": {"code": ..., "message": ...}}}. */
  private static String error(JsonNode body) {
    if (body == null) {
      return "no error document";
    }
    JsonNode error = body.path("error");
    String code = EasypostWebhookMapper.text(error.get("code"));
    String message = EasypostWebhookMapper.text(error.get("message"));
    return (code == null ? "" : code + ": ") + (message == null ? "" : message);
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
        throw new CarrierException(Kind.MALFORMED, "EasyPost trackers: not JSON", null, e);
      }
      return null;
    }
  }
}
