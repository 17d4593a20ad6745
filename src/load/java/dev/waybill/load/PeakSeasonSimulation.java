package dev.waybill.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Peak-season traffic at a fixed arrival rate (an open model: new requests keep arriving whatever
 * the server's latency, so a slow server cannot hide its latency by slowing the load down).
 *
 * <p>90% shoppers' lookups (half by signed link token, half by order number and email, over the
 * bench store's orders), 8% merchant writes (a new order with a shipment on the simulated carrier),
 * 2% signed carrier webhooks for shipments the poller is working through. Configured from the
 * environment (or system properties of the same name in lower case with dots): {@code LOAD_RATE}
 * requests per second, {@code LOAD_DURATION} seconds, {@code LOAD_BASE_URL}, {@code
 * LOAD_TRACKING_KEY}, {@code LOAD_MERCHANT_KEY}, {@code LOAD_ORDERS} (orders {@code B-1..B-n} with
 * email {@code shopper<n>@example.com}), {@code LOAD_SIM_NUMBERS} (a file of simulated-carrier
 * tracking numbers, one a line) and {@code LOAD_SIM_WEBHOOK_SECRET}.
 */
public class PeakSeasonSimulation extends Simulation {

  private static final String BASE = setting("LOAD_BASE_URL", "http://127.0.0.1:8090");
  private static final double RATE = Double.parseDouble(setting("LOAD_RATE", "200"));
  private static final long DURATION = Long.parseLong(setting("LOAD_DURATION", "60"));
  private static final String TRACKING_KEY = setting("LOAD_TRACKING_KEY", "");
  private static final String MERCHANT_KEY = setting("LOAD_MERCHANT_KEY", "");
  private static final int ORDERS = Integer.parseInt(setting("LOAD_ORDERS", "10000"));
  private static final String SIM_NUMBERS = setting("LOAD_SIM_NUMBERS", "");
  /**
   * Must be the server's {@code waybill.carriers.sim.webhook-secret}: bench/load.sh hands both the
   * same value. {@link #before()} checks it with one push, so a mismatch stops the run at once
   * instead of showing up as 2% rejected webhooks.
   */
  private static final SimPushSigner SIGNER =
      new SimPushSigner(setting("LOAD_SIM_WEBHOOK_SECRET", "waybill-sim-webhook-secret"));

  private static final List<String> TOKENS = new ArrayList<>();
  private static final List<String> WEBHOOK_BODIES = new ArrayList<>();
  private static final AtomicLong WRITES = new AtomicLong();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private final HttpProtocolBuilder protocol =
      http.baseUrl(BASE)
          .shareConnections()
          .acceptHeader("application/json")
          .userAgentHeader("waybill-load");

  private final ChainBuilder byToken =
      exec(
          http("lookup by token")
              .get(s -> "/api/v1/tracking/" + TOKENS.get(random(TOKENS.size())))
              .check(status().is(200)));

  private final ChainBuilder byOrderAndEmail =
      exec(
          http("lookup by order and email")
              .get(
                  s -> {
                    int n = 1 + random(ORDERS);
                    return "/api/v1/tracking?orderNumber=B-" + n + "&email=shopper" + n
                        + "%40example.com";
                  })
              .header("Authorization", "Bearer " + TRACKING_KEY)
              .check(status().is(200)));

  private final ChainBuilder merchantWrite =
      exec(
          http("merchant creates order")
              .post("/api/v1/orders")
              .header("Authorization", "Bearer " + MERCHANT_KEY)
              .header("Idempotency-Key", s -> "load-" + RUN + "-" + s.userId())
              .body(StringBody(s -> newOrder()))
              .asJson()
              .check(status().is(201)));

  private final ScenarioBuilder mixed =
      scenario("peak season")
          .randomSwitch()
          .on(
              percent(45.0).then(byToken),
              percent(45.0).then(byOrderAndEmail),
              percent(8.0).then(merchantWrite),
              percent(2.0).then(signedWebhook()));

  {
    setUp(mixed.injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(DURATION))))
        .protocols(protocol);
  }

  @Override
  public void before() {
    HttpClient client = HttpClient.newHttpClient();
    loadTokens(client);
    loadWebhookBodies(client);
    checkWebhookSecret(client);
    System.out.printf(
        "load: %s at %.0f req/s for %d s; %d tokens, %d webhook bodies%n",
        BASE, RATE, DURATION, TOKENS.size(), WEBHOOK_BODIES.size());
  }

  /** Signs each push afresh: a replayed {@code webhook-id} is refused as a duplicate. */
  private ChainBuilder signedWebhook() {
    return exec(
            s -> {
              String body = WEBHOOK_BODIES.get(random(WEBHOOK_BODIES.size()));
              String id = "msg_" + UUID.randomUUID();
              String timestamp = Long.toString(Instant.now().getEpochSecond());
              return s.set("webhookBody", body)
                  .set("webhookId", id)
                  .set("webhookTimestamp", timestamp)
                  .set("webhookSignature", SIGNER.signature(id, timestamp, body));
            })
        .exec(
            http("carrier webhook")
                .post("/webhooks/waybill-sim")
                .body(StringBody("#{webhookBody}"))
                .header("Content-Type", "application/json")
                .header("webhook-id", "#{webhookId}")
                .header("webhook-timestamp", "#{webhookTimestamp}")
                .header("webhook-signature", "#{webhookSignature}")
                .check(status().is(202)));
  }

  private static String newOrder() {
    long n = WRITES.incrementAndGet();
    String number = "L-" + RUN + "-" + n;
    return "{\"orderNumber\":\""
        + number
        + "\",\"customer\":{\"name\":\"Load Shopper\",\"email\":\"load"
        + n
        + "@example.com\"},\"items\":[{\"name\":\"Trail Runner 2\",\"quantity\":1}],"
        + "\"shippingAddress\":{\"postalCode\":\"10115\",\"country\":\"DE\"},"
        + "\"shipments\":[{\"carrier\":\"waybill-sim\",\"trackingNumber\":\"SIM-ONTIME-T"
        + Instant.now().getEpochSecond()
        + "-"
        + RUN
        + n
        + "\"}]}";
  }

  private static void loadTokens(HttpClient client) {
    Pattern token = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    int wanted = Math.min(ORDERS, 5000);
    for (int from = 1; from <= wanted; from += 200) {
      List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
      for (int n = from; n < from + 200 && n <= wanted; n++) {
        batch.add(
            client.sendAsync(
                HttpRequest.newBuilder(
                        URI.create(
                            BASE
                                + "/api/v1/tracking?orderNumber=B-"
                                + n
                                + "&email=shopper"
                                + n
                                + "%40example.com"))
                    .header("Authorization", "Bearer " + TRACKING_KEY)
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> f : batch) {
        Matcher m = token.matcher(f.join().body());
        if (m.find()) {
          TOKENS.add(m.group(1));
        }
      }
    }
    if (TOKENS.isEmpty()) {
      throw new IllegalStateException("no tracking tokens: check LOAD_TRACKING_KEY and the orders");
    }
  }

  /** One signed push before the load: the server must accept it, or the secrets differ. */
  private static void checkWebhookSecret(HttpClient client) {
    String id = "msg_check_" + RUN;
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    String body = WEBHOOK_BODIES.get(0);
    HttpResponse<String> answer =
        client
            .sendAsync(
                HttpRequest.newBuilder(URI.create(BASE + "/webhooks/waybill-sim"))
                    .header("Content-Type", "application/json")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", timestamp)
                    .header("webhook-signature", SIGNER.signature(id, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .join();
    if (answer.statusCode() != 202) {
      throw new IllegalStateException(
          "the server refused a signed push ("
              + answer.statusCode()
              + " "
              + answer.body()
              + "): LOAD_SIM_WEBHOOK_SECRET must be its WAYBILL_CARRIERS_SIM_WEBHOOK_SECRET");
    }
  }

  /** Real answers of the simulated carrier for shipments being polled, as it would push them. */
  private static void loadWebhookBodies(HttpClient client) {
    List<String> numbers;
    try (Stream<String> lines = Files.lines(Path.of(SIM_NUMBERS))) {
      numbers = lines.filter(l -> !l.isBlank()).limit(1000).toList();
    } catch (IOException e) {
      throw new IllegalStateException("LOAD_SIM_NUMBERS: " + e.getMessage(), e);
    }
    for (int i = 0; i < numbers.size(); i += 100) {
      List<String> chunk = numbers.subList(i, Math.min(numbers.size(), i + 100));
      String body = "{\"trackingNumbers\":[\"" + String.join("\",\"", chunk) + "\"]}";
      String answer =
          client
              .sendAsync(
                  HttpRequest.newBuilder(URI.create(BASE + "/sim/v1/track"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .join()
              .body();
      for (String item : SimAnswers.results(answer)) {
        WEBHOOK_BODIES.add("{\"type\":\"tracking.updated\",\"data\":" + item + "}");
      }
    }
    if (WEBHOOK_BODIES.isEmpty()) {
      throw new IllegalStateException("no simulated-carrier answers for LOAD_SIM_NUMBERS");
    }
  }

  private static int random(int bound) {
    return ThreadLocalRandom.current().nextInt(bound);
  }

  private static String setting(String env, String fallback) {
    String property = System.getProperty(env.toLowerCase().replace('_', '.'));
    if (property != null && !property.isBlank()) {
      return property;
    }
    String value = System.getenv(env);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** Splits the simulated carrier's {@code {"results":[...]}} into its items. */
  static final class SimAnswers {
    private SimAnswers() {}

    static List<String> results(String json) {
      io.vertx.core.json.JsonArray results =
          new io.vertx.core.json.JsonObject(json).getJsonArray("results");
      List<String> out = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        out.add(results.getJsonObject(i).encode());
      }
      return out;
    }
  }
}
