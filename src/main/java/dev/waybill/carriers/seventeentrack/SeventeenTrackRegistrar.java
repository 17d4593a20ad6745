package dev.waybill.carriers.seventeentrack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.carriers.CarrierDirectory;
import dev.waybill.carriers.spi.Aggregator;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.CarrierException.Kind;
import dev.waybill.carriers.spi.HttpFailures;
import dev.waybill.shipping.TrackingReport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * 17TRACK as an upstream: {@code POST /track/v2.2/register} with up to 40 numbers, authenticated by
 * the {@code 17token} header. 17TRACK answers each number in {@code data.accepted} or {@code
 * data.rejected}; a number rejected as already registered ({@code -18019901}) is registered. The
 * carrier is left to 17TRACK's detection; the Waybill carrier code travels as the {@code tag},
 * which every push echoes. The fallback poll is {@code POST /track/v2.2/gettrackinfo}, whose
 * accepted items are shaped like a push's {@code data}; {@code POST /track/v2.2/stoptrack} stops
 * tracking a delivered parcel. Both take up to 40 numbers and answer the same way.
 */
@ApplicationScoped
public class SeventeenTrackRegistrar implements Aggregator {

  static final String REGISTER_PATH = "/track/v2.2/register";
  static final String TRACK_INFO_PATH = "/track/v2.2/gettrackinfo";
  static final String STOP_PATH = "/track/v2.2/stoptrack";

  /** "The tracking number ... does not register, please register first." */
  static final int NOT_REGISTERED = -18019902;

  /** "Only numbers being tracked can be stopped": it was stopped before. */
  static final int NOT_BEING_TRACKED = -18019906;

  /** "No tracking information at this time." */
  static final int NO_INFO_YET = -18019909;

  /** Registration without a carrier code: 17TRACK detects the carrier. */
  static final String AUTO = "auto";

  /** "The tracking number has been registered, don't need to repeat registration." */
  static final int ALREADY_REGISTERED = -18019901;

  /** The account's daily limit or quota is used up: wait, don't give up. */
  static final Set<Integer> QUOTA = Set.of(-18019907, -18019908);

  /** The key is wrong, disabled, or the calling address is not allowed. */
  static final Set<Integer> AUTH = Set.of(-18010001, -18010002, -18010004, -18010005);

  private final WebClient web;
  private final ObjectMapper json;
  private final String base;
  private final String url;
  private final long timeoutMillis;
  private final Clock clock;
  private final CarrierDirectory carriers;

  public SeventeenTrackRegistrar(
      SeventeenTrackConfig config,
      Vertx vertx,
      ObjectMapper json,
      Clock clock,
      CarrierDirectory carriers) {
    this.carriers = carriers;
    this.json = json;
    this.clock = clock;
    this.base = config.apiBaseUrl().replaceAll("/+$", "");
    this.url = base + REGISTER_PATH;
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
    return SeventeenTrackWebhooks.NAME;
  }

  @Override
  public int batchSize() {
    return 40;
  }

  /** 17TRACK signs pushes with the account's security key, the API key itself. */
  @Override
  public boolean usesWebhookSecret() {
    return false;
  }

  /**
   * 17TRACK's carrier code from the carrier catalogue ({@code aggregators.17track}) when it has
   * one; otherwise {@code auto}, and 17TRACK detects the carrier from the number. Every carrier can
   * be registered.
   */
  @Override
  public Optional<String> carrierId(String carrierCode) {
    return Optional.of(carriers.catalogue().aggregatorId(carrierCode, name()).orElse(AUTO));
  }

  @Override
  public Uni<List<Registered>> register(String apiKey, List<Registration> numbers) {
    JsonArray body = new JsonArray();
    for (Registration n : numbers) {
      JsonObject number =
          new JsonObject().put("number", n.trackingNumber()).put("tag", n.carrierCode());
      if (n.carrierId() != null && !AUTO.equals(n.carrierId())) {
        // A code the catalogue names saves 17TRACK guessing between carriers sharing a format.
        number.put("carrier", Integer.parseInt(n.carrierId()));
      }
      body.add(number);
    }
    return web.postAbs(url)
        .putHeader("17token", apiKey)
        .putHeader("Accept", "application/json")
        .timeout(timeoutMillis)
        .sendBuffer(Buffer.buffer(body.encode()))
        .map(r -> read(numbers, r))
        .onFailure(e -> !(e instanceof CarrierException))
        .transform(e -> HttpFailures.unavailable("17TRACK register", e));
  }

  @Override
  public Uni<List<TrackingReport>> track(String apiKey, List<Tracked> numbers) {
    return call(apiKey, TRACK_INFO_PATH, "17TRACK gettrackinfo", body(numbers))
        .map(data -> reports(numbers, data));
  }

  @Override
  public boolean stops() {
    return true;
  }

  @Override
  public Uni<List<Stopped>> stop(String apiKey, List<Tracked> numbers) {
    return call(apiKey, STOP_PATH, "17TRACK stoptrack", body(numbers))
        .map(data -> stopped(numbers, data));
  }

  private static JsonArray body(List<Tracked> numbers) {
    JsonArray body = new JsonArray();
    for (Tracked n : numbers) {
      body.add(new JsonObject().put("number", n.trackingNumber()));
    }
    return body;
  }

  /** One report per number asked: the accepted ones mapped like a push, the rest not found. */
  private static List<TrackingReport> reports(List<Tracked> numbers, JsonNode data) {
    Map<String, TrackingReport> byNumber = new HashMap<>();
    for (JsonNode a : data.path("accepted")) {
      String number = SeventeenTrackMapper.text(a.get("number"));
      if (number != null) {
        byNumber.put(key(number), SeventeenTrackMapper.report(number, a));
      }
    }
    for (JsonNode r : data.path("rejected")) {
      String number = SeventeenTrackMapper.text(r.get("number"));
      int error = r.path("error").path("code").asInt(0);
      if (number == null) {
        continue;
      }
      if (QUOTA.contains(error)) {
        throw new CarrierException(
            Kind.RATE_LIMITED,
            "17TRACK gettrackinfo: quota (" + error + ")",
            Duration.ofHours(1),
            null);
      }
      // Not registered (any more), or nothing known yet: either way, no news.
      byNumber.put(key(number), TrackingReport.notFound(number));
    }
    List<TrackingReport> out = new ArrayList<>(numbers.size());
    for (Tracked n : numbers) {
      TrackingReport r = byNumber.get(key(n.trackingNumber()));
      if (r == null) {
        throw new CarrierException(
            Kind.MALFORMED, "17TRACK gettrackinfo: no answer for one of the numbers sent");
      }
      out.add(
          r.trackingNumber().equals(n.trackingNumber())
              ? r
              : new TrackingReport(
                  n.trackingNumber(),
                  r.found(),
                  r.events(),
                  r.estimatedDelivery(),
                  r.windowStart(),
                  r.windowEnd(),
                  r.serviceLevel(),
                  r.signedBy(),
                  r.proofOfDeliveryUrl()));
    }
    return out;
  }

  /** One outcome per number asked; a number 17TRACK no longer tracks counts as stopped. */
  private static List<Stopped> stopped(List<Tracked> numbers, JsonNode data) {
    Map<String, Stopped> byNumber = new HashMap<>();
    for (JsonNode a : data.path("accepted")) {
      String number = SeventeenTrackMapper.text(a.get("number"));
      if (number != null) {
        byNumber.put(key(number), Stopped.stopped(number));
      }
    }
    for (JsonNode r : data.path("rejected")) {
      String number = SeventeenTrackMapper.text(r.get("number"));
      int error = r.path("error").path("code").asInt(0);
      if (number == null) {
        continue;
      }
      if (error == NOT_BEING_TRACKED || error == NOT_REGISTERED) {
        byNumber.put(key(number), Stopped.stopped(number));
      } else if (QUOTA.contains(error)) {
        throw new CarrierException(
            Kind.RATE_LIMITED,
            "17TRACK stoptrack: quota (" + error + ")",
            Duration.ofHours(1),
            null);
      } else {
        String message = SeventeenTrackMapper.text(r.path("error").get("message"));
        byNumber.put(key(number), Stopped.refused(number, "17TRACK " + error + ": " + message));
      }
    }
    List<Stopped> out = new ArrayList<>(numbers.size());
    for (Tracked n : numbers) {
      Stopped s = byNumber.get(key(n.trackingNumber()));
      if (s == null) {
        throw new CarrierException(
            Kind.MALFORMED, "17TRACK stoptrack: no answer for one of the numbers sent");
      }
      out.add(s);
    }
    return out;
  }

  /** Posts a batch and returns {@code data} once the envelope says the call as a whole worked. */
  private Uni<JsonNode> call(String apiKey, String path, String what, JsonArray body) {
    return web.postAbs(base + path)
        .putHeader("17token", apiKey)
        .putHeader("Accept", "application/json")
        .timeout(timeoutMillis)
        .sendBuffer(Buffer.buffer(body.encode()))
        .map(r -> data(r, what))
        .onFailure(e -> !(e instanceof CarrierException))
        .transform(e -> HttpFailures.unavailable(what, e));
  }

  private List<Registered> read(List<Registration> numbers, HttpResponse<Buffer> response) {
    JsonNode data = data(response, "17TRACK register");
    Map<String, Registered> byNumber = new HashMap<>();
    for (JsonNode a : data.path("accepted")) {
      String number = SeventeenTrackMapper.text(a.get("number"));
      if (number != null) {
        byNumber.put(key(number), Registered.accepted(number, null));
      }
    }
    for (JsonNode r : data.path("rejected")) {
      String number = SeventeenTrackMapper.text(r.get("number"));
      int error = r.path("error").path("code").asInt(0);
      if (number == null) {
        continue;
      }
      if (error == ALREADY_REGISTERED) {
        byNumber.put(key(number), Registered.accepted(number, null));
      } else if (QUOTA.contains(error)) {
        throw new CarrierException(
            Kind.RATE_LIMITED,
            "17TRACK register: quota (" + error + ")",
            Duration.ofHours(1),
            null);
      } else {
        String message = SeventeenTrackMapper.text(r.path("error").get("message"));
        byNumber.put(key(number), Registered.refused(number, "17TRACK " + error + ": " + message));
      }
    }
    List<Registered> out = new ArrayList<>(numbers.size());
    for (Registration n : numbers) {
      Registered r = byNumber.get(key(n.trackingNumber()));
      if (r == null) {
        throw new CarrierException(
            Kind.MALFORMED, "17TRACK register: no answer for one of the numbers sent");
      }
      out.add(r);
    }
    return out;
  }

  /**
   * The {@code data} of a call that worked as a whole: HTTP 200, {@code code} 0, and both {@code
   * accepted} and {@code rejected} arrays. Anything else fails as its kind.
   */
  private JsonNode data(HttpResponse<Buffer> response, String what) {
    int status = response.statusCode();
    if (status != 200) {
      throw HttpFailures.of(
          status, response.getHeader("Retry-After"), what + ": HTTP " + status, clock);
    }
    JsonNode body = body(response, what);
    JsonNode data = body.path("data");
    int code = body.path("code").asInt(Integer.MIN_VALUE);
    if (code != 0) {
      int error = data.path("errors").path(0).path("code").asInt(code);
      String message = what + ": code " + error;
      if (AUTH.contains(error)) {
        throw new CarrierException(Kind.AUTH, message);
      }
      if (QUOTA.contains(error)) {
        throw new CarrierException(Kind.RATE_LIMITED, message, Duration.ofHours(1), null);
      }
      throw new CarrierException(Kind.UNAVAILABLE, message);
    }
    if (!data.path("accepted").isArray() || !data.path("rejected").isArray()) {
      throw new CarrierException(Kind.MALFORMED, what + ": no accepted/rejected arrays");
    }
    return data;
  }

  private static String key(String number) {
    return number.replace(" ", "").toUpperCase(Locale.ROOT);
  }

  private JsonNode body(HttpResponse<Buffer> response, String what) {
    Buffer buffer = response.body();
    try {
      JsonNode node = buffer == null ? null : json.readTree(buffer.getBytes());
      if (node == null || !node.isObject()) {
        throw new CarrierException(Kind.MALFORMED, what + ": not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new CarrierException(Kind.MALFORMED, what + ": not JSON", null, e);
    }
  }
}
