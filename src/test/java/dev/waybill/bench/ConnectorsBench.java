package dev.waybill.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends signed Shopify webhooks to a running Waybill, for bench/connectors.sh. Bodies are shaped as
 * Shopify's documented {@code orders/create} and {@code fulfillments/create} payloads, signed with
 * the app secret (base64 HMAC-SHA256 of the raw body) and sent with the X-Shopify-* headers and a
 * unique event id each.
 *
 * <pre>
 *   orders N CONCURRENCY        N orders/create as fast as CONCURRENCY requests in flight allow
 *   fulfillments N RATE EVERY   N fulfillments/create at RATE a second; every EVERY-th one is
 *                               looked up until its shipment shows (receipt-to-visible)
 * </pre>
 *
 * Environment: BASE (http://127.0.0.1:8093), SHOP, SECRET, KEY (a tracking:read key for lookups).
 */
public final class ConnectorsBench {

  private static final String BASE = env("BASE", "http://127.0.0.1:8093");
  private static final String SHOP = env("SHOP", "bench.myshopify.com");
  private static final String SECRET = env("SECRET", "shpss_bench");
  private static final String KEY = env("KEY", "");
  private static final long ORDER_ID_BASE = 5_000_000_000L;
  private static final long FULFILLMENT_ID_BASE = 7_000_000_000L;

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .executor(Executors.newFixedThreadPool(4))
          .build();

  private ConnectorsBench() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "orders" -> orders(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "fulfillments" ->
          fulfillments(
              Integer.parseInt(args[1]), Double.parseDouble(args[2]), Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.exit(0);
  }

  static void orders(int n, int concurrency) throws Exception {
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<?>> all = new ArrayList<>(n);
    long start = System.nanoTime();
    for (int i = 1; i <= n; i++) {
      inFlight.acquire();
      long sent = System.nanoTime();
      all.add(
          send("orders/create", order(i))
              .whenComplete(
                  (r, e) -> {
                    inFlight.release();
                    latencies.add(System.nanoTime() - sent);
                    if (e == null && r.statusCode() == 200) {
                      accepted.incrementAndGet();
                    } else {
                      refused.incrementAndGet();
                    }
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "orders/create: sent %d with %d in flight in %.2f s: accepted %d, refused or failed %d;"
            + " accepted/s %.0f; response p50 %.1f ms, p99 %.1f ms%n",
        n,
        concurrency,
        seconds,
        accepted.get(),
        refused.get(),
        accepted.get() / seconds,
        pct(latencies, 50) / 1e6,
        pct(latencies, 99) / 1e6);
  }

  static void fulfillments(int n, double rate, int every) throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger lost = new AtomicInteger();
    ConcurrentLinkedQueue<Long> visible = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<?>> all = new ArrayList<>(n);
    long start = System.nanoTime();
    long gap = (long) (1e9 / rate);
    for (int i = 1; i <= n; i++) {
      long due = start + (i - 1) * gap;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      int index = i;
      long sent = System.nanoTime();
      CompletableFuture<?> f =
          send("fulfillments/create", fulfillment(i))
              .thenCompose(
                  r -> {
                    if (r.statusCode() != 200) {
                      refused.incrementAndGet();
                      return CompletableFuture.completedFuture(null);
                    }
                    accepted.incrementAndGet();
                    if (index % every != 0) {
                      return CompletableFuture.completedFuture(null);
                    }
                    return probe(index, sent, visible, lost);
                  })
              .exceptionally(
                  e -> {
                    refused.incrementAndGet();
                    return null;
                  });
      all.add(f);
    }
    double sendSeconds = (System.nanoTime() - start) / 1e9;
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    System.out.printf(
        Locale.ROOT,
        "fulfillments/create: sent %d at %.0f/s in %.2f s (%.0f/s achieved): accepted %d, refused"
            + " or failed %d%n",
        n,
        rate,
        sendSeconds,
        n / sendSeconds,
        accepted.get(),
        refused.get());
    System.out.printf(
        Locale.ROOT,
        "receipt-to-visible in the order lookup (every %dth, %d samples, %d not visible in 60 s):"
            + " p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
        every,
        visible.size(),
        lost.get(),
        pct(visible, 50) / 1e6,
        pct(visible, 90) / 1e6,
        pct(visible, 99) / 1e6,
        pct(visible, 100) / 1e6);
  }

  /** Looks the order up every 25 ms until its shipment shows; the time from sending is kept. */
  private static CompletableFuture<Void> probe(
      int i, long sent, ConcurrentLinkedQueue<Long> visible, AtomicInteger lost) {
    HttpRequest lookup =
        HttpRequest.newBuilder(
                URI.create(
                    BASE
                        + "/api/v1/tracking?orderNumber="
                        + URLEncoder.encode("#B" + i, StandardCharsets.UTF_8)
                        + "&email="
                        + URLEncoder.encode(email(i), StandardCharsets.UTF_8)))
            .header("Authorization", "Bearer " + KEY)
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    CompletableFuture<Void> done = new CompletableFuture<>();
    poll(lookup, i, sent, visible, lost, done);
    return done;
  }

  private static void poll(
      HttpRequest lookup,
      int i,
      long sent,
      ConcurrentLinkedQueue<Long> visible,
      AtomicInteger lost,
      CompletableFuture<Void> done) {
    HTTP.sendAsync(lookup, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (r, e) -> {
              long now = System.nanoTime();
              if (e == null
                  && r.statusCode() == 200
                  && r.body().contains("\"trackingNumber\":\"" + trackingNumber(i) + "\"")) {
                visible.add(now - sent);
                done.complete(null);
              } else if (now - sent > 60_000_000_000L) {
                lost.incrementAndGet();
                done.complete(null);
              } else {
                CompletableFuture.delayedExecutor(25, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> poll(lookup, i, sent, visible, lost, done));
              }
            });
  }

  private static CompletableFuture<HttpResponse<Void>> send(String topic, String body) {
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(BASE + "/connectors/shopify/webhooks"))
            .header("Content-Type", "application/json")
            .header("X-Shopify-Topic", topic)
            .header("X-Shopify-Shop-Domain", SHOP)
            .header("X-Shopify-Hmac-Sha256", sign(raw))
            .header("X-Shopify-API-Version", "2025-07")
            .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
            .header("X-Shopify-Event-Id", UUID.randomUUID().toString())
            .header("X-Shopify-Triggered-At", Instant.now().toString())
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(raw))
            .build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding());
  }

  static String order(int i) {
    String at = "2026-12-01T10:00:00Z";
    return """
        {"id":%d,"admin_graphql_api_id":"gid://shopify/Order/%d","name":"#B%d","order_number":%d,\
        "email":"%s","contact_email":"%s","phone":null,"created_at":"%s","updated_at":"%s",\
        "processed_at":"%s","cancelled_at":null,"currency":"EUR","financial_status":"paid",\
        "fulfillment_status":null,"customer_locale":"de","total_price":"59.00",\
        "customer":{"id":%d,"email":"%s","first_name":"Bench","last_name":"Shopper %d",\
        "phone":null},\
        "shipping_address":{"first_name":"Bench","last_name":"Shopper %d","name":"Bench Shopper %d",\
        "address1":"Invalidenstraße 116","address2":null,"city":"Berlin","zip":"10115",\
        "province":"Berlin","province_code":"BE","country":"Germany","country_code":"DE",\
        "phone":null},\
        "line_items":[{"id":%d,"title":"Trail Runner 2","name":"Trail Runner 2 - 42",\
        "sku":"TR2-42","quantity":1,"price":"49.00"},{"id":%d,"title":"Merino Socks",\
        "name":"Merino Socks","sku":"MS-3","quantity":2,"price":"5.00"}],\
        "fulfillments":[]}"""
        .formatted(
            ORDER_ID_BASE + i,
            ORDER_ID_BASE + i,
            i,
            1000 + i,
            email(i),
            email(i),
            at,
            at,
            at,
            ORDER_ID_BASE + i,
            email(i),
            i,
            i,
            i,
            ORDER_ID_BASE * 2 + i * 2L,
            ORDER_ID_BASE * 2 + i * 2L + 1);
  }

  static String fulfillment(int i) {
    String at = "2026-12-02T10:00:00Z";
    String number = trackingNumber(i);
    return """
        {"id":%d,"admin_graphql_api_id":"gid://shopify/Fulfillment/%d","order_id":%d,\
        "status":"success","created_at":"%s","updated_at":"%s","service":"manual",\
        "tracking_company":"UPS","shipment_status":null,"location_id":null,"email":"%s",\
        "name":"#B%d.1","tracking_number":"%s","tracking_numbers":["%s"],\
        "tracking_url":"https://www.ups.com/track?tracknum=%s",\
        "tracking_urls":["https://www.ups.com/track?tracknum=%s"],\
        "line_items":[{"id":%d,"title":"Trail Runner 2","sku":"TR2-42","quantity":1}]}"""
        .formatted(
            FULFILLMENT_ID_BASE + i,
            FULFILLMENT_ID_BASE + i,
            ORDER_ID_BASE + i,
            at,
            at,
            email(i),
            i,
            number,
            number,
            number,
            number,
            ORDER_ID_BASE * 2 + i * 2L);
  }

  static String email(int i) {
    return "shopper" + i + "@bench.example";
  }

  static String trackingNumber(int i) {
    return "1ZB" + String.format(Locale.ROOT, "%015d", i);
  }

  private static String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double pct(ConcurrentLinkedQueue<Long> values, double p) {
    List<Long> sorted = new ArrayList<>(values);
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
