package dev.waybill.carriers.sim;

import dev.waybill.carriers.spi.WebhookSignatures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulated carrier as an EasyPost-compatible aggregator, so the upstream path (registration,
 * then signed pushes to a store's own endpoint) runs without any account. It speaks the part of
 * EasyPost's API Waybill uses: {@code POST /v2/trackers} and {@code POST /v2/webhooks} on an API
 * key's account, and {@code tracker.updated} events signed as EasyPost signs them ({@code
 * X-Hmac-Signature: hmac-sha256-hex=<hex>}, keyed by the NFKD-normalized webhook secret). Every
 * number plays a simulated journey ({@link Journey#of}), whatever its carrier.
 *
 * <p>It pushes only to Waybill's EasyPost push paths ({@code /webhooks/easypost/...}), so it can't
 * be turned into a way to make this server post elsewhere; and it forgets accounts past {@code
 * max-remembered}, like the carrier.
 */
@ApplicationScoped
public class SimAggregator {

  /** The path prefix a webhook URL must have. */
  static final String PUSH_PATH = "/webhooks/easypost";

  /** A sim scan code as EasyPost's {@code status} and {@code status_detail}. */
  record Status(String status, String detail) {}

  /** Each sim scan as EasyPost reports a scan of its kind. */
  static final Map<String, Status> STATUSES =
      Map.ofEntries(
          Map.entry("LC", new Status("pre_transit", "label_created")),
          Map.entry("PU", new Status("in_transit", "received_at_origin_facility")),
          Map.entry("IT", new Status("in_transit", "departed_facility")),
          Map.entry("OD", new Status("out_for_delivery", "out_for_delivery")),
          Map.entry("DL", new Status("delivered", "arrived_at_destination")),
          Map.entry("NH", new Status("failure", "delivery_exception")),
          Map.entry("AP", new Status("available_for_pickup", "arrived_at_pickup_location")),
          Map.entry("AD", new Status("failure", "address_correction")),
          Map.entry("WX", new Status("in_transit", "weather_delay")),
          Map.entry("CD", new Status("in_transit", "delayed")),
          Map.entry("RF", new Status("failure", "refused")),
          Map.entry("RT", new Status("return_to_sender", "return")));

  /** One push to send: where, and the signed body. */
  public record Push(String url, String signature, byte[] body, String trackingCode) {}

  /** A tracker on an account, and how many of its scans were pushed. */
  private static final class Tracker {
    final String id;
    final String trackingCode;
    final String carrier;
    final Instant createdAt;
    volatile int pushed = -1;

    Tracker(String id, String trackingCode, String carrier, Instant createdAt) {
      this.id = id;
      this.trackingCode = trackingCode;
      this.carrier = carrier;
      this.createdAt = createdAt;
    }
  }

  private record Webhook(String id, String url, String secret) {}

  private static final class Account {
    final Map<String, Tracker> trackers = new ConcurrentHashMap<>();
    final List<Webhook> webhooks = new CopyOnWriteArrayList<>();
  }

  private final SimCarrierServer carrier;
  private final SimConfig config;
  private final Clock clock;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();

  @Inject
  public SimAggregator(SimCarrierServer carrier, SimConfig config) {
    this(carrier, config, Clock.systemUTC());
  }

  SimAggregator(SimCarrierServer carrier, SimConfig config, Clock clock) {
    this.carrier = carrier;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Creates a tracker on the account, or answers the one it already has for this number (as
   * EasyPost does): 201 and 200 alike carry the Tracker.
   */
  public JsonObject createTracker(String apiKey, String trackingCode, String carrierName) {
    Account account = account(apiKey);
    Tracker tracker =
        account.trackers.computeIfAbsent(
            trackingCode,
            code -> {
              if (account.trackers.size() >= config.maxRemembered()) {
                account.trackers.clear();
              }
              return new Tracker(
                  "trk_" + UUID.randomUUID().toString().replace("-", ""),
                  code,
                  carrierName == null || carrierName.isBlank() ? "DPD" : carrierName,
                  clock.instant());
            });
    return tracker(tracker);
  }

  /** Whether the account already tracks this number. */
  boolean tracks(String apiKey, String trackingCode) {
    Account account = accounts.get(apiKey);
    return account != null && account.trackers.containsKey(trackingCode);
  }

  /**
   * Adds a webhook to the account, as EasyPost's {@code POST /v2/webhooks}.
   *
   * @throws IllegalArgumentException naming the field when the URL is not a Waybill EasyPost push
   *     path or the secret is blank
   */
  public JsonObject createWebhook(String apiKey, String url, String secret) {
    if (url == null || !pushUrl(url)) {
      throw new IllegalArgumentException(
          "webhook.url: the simulated aggregator pushes only to http(s) URLs under " + PUSH_PATH);
    }
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("webhook.webhook_secret: required");
    }
    Account account = account(apiKey);
    Webhook hook =
        new Webhook("hook_" + UUID.randomUUID().toString().replace("-", ""), url, secret);
    account.webhooks.removeIf(w -> w.url().equals(url));
    account.webhooks.add(hook);
    return new JsonObject()
        .put("id", hook.id())
        .put("object", "Webhook")
        .put("mode", "test")
        .put("url", url)
        .put("created_at", timestamp(clock.instant()))
        .put("disabled_at", (String) null);
  }

  /**
   * The events due: for every tracker with scans not yet pushed, one {@code tracker.updated} (the
   * first is {@code tracker.created}) to each of its account's webhooks. Marks them pushed.
   */
  public List<Push> due() {
    List<Push> out = new ArrayList<>();
    accounts.forEach(
        (key, account) -> {
          if (account.webhooks.isEmpty()) {
            return;
          }
          for (Tracker t : account.trackers.values()) {
            JsonObject tracker = tracker(t);
            int scans = tracker.getJsonArray("tracking_details").size();
            synchronized (t) {
              if (scans <= t.pushed) {
                continue;
              }
              String description = t.pushed < 0 ? "tracker.created" : "tracker.updated";
              t.pushed = scans;
              for (Webhook hook : account.webhooks) {
                byte[] body = event(description, tracker).encode().getBytes(StandardCharsets.UTF_8);
                out.add(new Push(hook.url(), signature(hook.secret(), body), body, t.trackingCode));
              }
            }
          }
        });
    return out;
  }

  /** {@code hmac-sha256-hex=} and the lowercase hex HMAC-SHA256 of the body, as EasyPost signs. */
  static String signature(String secret, byte[] body) {
    byte[] key =
        Normalizer.normalize(secret, Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8);
    return "hmac-sha256-hex=" + HexFormat.of().formatHex(WebhookSignatures.hmacSha256(key, body));
  }

  private Account account(String apiKey) {
    return accounts.computeIfAbsent(
        apiKey,
        k -> {
          if (accounts.size() >= config.maxRemembered()) {
            accounts.clear();
          }
          return new Account();
        });
  }

  private JsonObject event(String description, JsonObject tracker) {
    String now = timestamp(clock.instant());
    return new JsonObject()
        .put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""))
        .put("object", "Event")
        .put("mode", "test")
        .put("description", description)
        .put("previous_attributes", new JsonObject())
        .put("pending_urls", new JsonArray())
        .put("completed_urls", new JsonArray())
        .put("created_at", now)
        .put("updated_at", now)
        .put("result", tracker);
  }

  /** The tracker as EasyPost's Tracker object, with the journey's scans so far, newest last. */
  private JsonObject tracker(Tracker t) {
    JsonObject answer = carrier.answer(t.trackingCode);
    JsonArray details = new JsonArray();
    Status last = new Status("pre_transit", "status_update");
    for (Object o : answer.getJsonArray("events")) {
      JsonObject scan = (JsonObject) o;
      Status status =
          STATUSES.getOrDefault(scan.getString("code"), new Status("unknown", "unknown"));
      last = status;
      details.add(
          new JsonObject()
              .put("object", "TrackingDetail")
              .put("message", scan.getString("description"))
              .put("description", "")
              .put("status", status.status())
              .put("status_detail", status.detail())
              .put("datetime", scan.getString("time"))
              .put("source", t.carrier)
              .put("carrier_code", scan.getString("code"))
              .put(
                  "tracking_location",
                  new JsonObject()
                      .put("object", "TrackingLocation")
                      .put("city", scan.getString("city"))
                      .put("state", (String) null)
                      .put("country", scan.getString("country"))
                      .put("zip", (String) null)));
    }
    return new JsonObject()
        .put("id", t.id)
        .put("object", "Tracker")
        .put("mode", "test")
        .put("tracking_code", t.trackingCode)
        .put("status", last.status())
        .put("status_detail", last.detail())
        .put("created_at", timestamp(t.createdAt))
        .put("updated_at", timestamp(clock.instant()))
        .put("signed_by", (String) null)
        .put("weight", (Double) null)
        .put("est_delivery_date", answer.getString("estimatedDelivery") + "T00:00:00Z")
        .put("shipment_id", (String) null)
        .put("carrier", t.carrier)
        .put("tracking_details", details)
        .put("fees", new JsonArray())
        .put(
            "carrier_detail",
            new JsonObject()
                .put("object", "CarrierDetail")
                .put("service", answer.getString("service"))
                .put("est_delivery_date_local", answer.getString("estimatedDelivery")))
        .put("public_url", (String) null);
  }

  private static boolean pushUrl(String url) {
    try {
      URI uri = URI.create(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String path = uri.getPath() == null ? "" : uri.getPath();
      return (scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && path.startsWith(PUSH_PATH + "/")
          && !path.contains("..");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** EasyPost's timestamps: UTC, seconds. */
  private static String timestamp(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
