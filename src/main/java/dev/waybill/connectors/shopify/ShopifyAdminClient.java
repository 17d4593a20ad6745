package dev.waybill.connectors.shopify;

import dev.waybill.connectors.shopify.ShopifyException.Kind;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Thin non-blocking access to a shop's Admin GraphQL API for the import: one page of orders updated
 * since a time, oldest change first, after a cursor. Paced by the shop's cost bucket: a query waits
 * until the bucket holds its requested cost, a THROTTLED answer is waited out and asked again, and
 * 429, 5xx and timeouts are retried with a growing wait. Every wait is a Vert.x timer, never a
 * sleeping thread.
 */
final class ShopifyAdminClient {

  /** One page of orders (Order nodes as GraphQL returns them) and where the next one starts. */
  record Page(List<JsonObject> orders, boolean hasNextPage, String endCursor) {}

  /** Where and as whom to call a shop. */
  record Shop(String domain, String accessToken) {
    @Override
    public String toString() {
      return "Shop[" + domain + "]";
    }
  }

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

  /** How often one query may be refused as THROTTLED before the import hands the shop back. */
  private static final int MAX_THROTTLED = 20;

  private final Vertx vertx;
  private final WebClient web;
  private final ShopifyConfig config;
  private final String query;

  ShopifyAdminClient(Vertx vertx, ShopifyConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.query = query(config);
    long timeout = config.timeout().toMillis();
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("Waybill")
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout))
                .setIdleTimeout((int) Math.max(1, config.timeout().toSeconds())));
  }

  /** The query every page asks: the fields {@link ShopifyOrderNodes} reads, and no more. */
  static String query(ShopifyConfig config) {
    return """
        query WaybillBackfill($first: Int!, $after: String, $query: String) {
          orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id name email phone customerLocale createdAt updatedAt cancelledAt
              displayFulfillmentStatus
              customer { firstName lastName }
              shippingAddress {
                name firstName lastName address1 address2 city province provinceCode zip
                countryCodeV2
              }
              lineItems(first: %d) { nodes { name title sku quantity image { url } } }
              fulfillments(first: %d) {
                id name status displayStatus createdAt updatedAt
                trackingInfo(first: %d) { number company url }
              }
            }
          }
        }"""
        .formatted(
            Math.max(1, config.lineItems()),
            Math.max(1, config.fulfillments()),
            Math.max(1, config.trackingNumbers()));
  }

  /** Shopify's search syntax for "updated at or after". */
  static String since(OffsetDateTime since) {
    return "updated_at:>='" + ISO.format(since.withOffsetSameInstant(ZoneOffset.UTC)) + "'";
  }

  void close() {
    web.close();
  }

  /** One page of the shop's orders updated since {@code since}, after {@code cursor} (or first). */
  Uni<Page> orders(Shop shop, ShopifyCostBucket bucket, OffsetDateTime since, String cursor) {
    JsonObject variables =
        new JsonObject()
            .put("first", Math.max(1, Math.min(250, config.pageSize())))
            .put("query", since(since));
    if (cursor != null) {
      variables.put("after", cursor);
    }
    JsonObject body = new JsonObject().put("query", query).put("variables", variables);
    return call(shop, bucket, body, 0, 0).map(ShopifyAdminClient::page);
  }

  private String url(Shop shop) {
    return ShopifyConfig.graphqlUrl(config, shop.domain());
  }

  private Uni<JsonObject> call(
      Shop shop, ShopifyCostBucket bucket, JsonObject body, int failures, int throttled) {
    if (shop.accessToken() == null || shop.accessToken().isBlank()) {
      return Uni.createFrom()
          .failure(new ShopifyException(Kind.AUTH, "no Admin API access token is stored"));
    }
    return sleep(bucket.waitBefore(System.nanoTime()))
        .chain(
            () ->
                web.postAbs(url(shop))
                    .putHeader("X-Shopify-Access-Token", shop.accessToken())
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Accept", "application/json")
                    .timeout(config.timeout().toMillis())
                    .sendBuffer(Buffer.buffer(body.encode())))
        .onFailure()
        .transform(
            e ->
                new ShopifyException(
                    Kind.UNAVAILABLE, "Shopify Admin API: " + e.getMessage(), null, e))
        .chain(response -> answer(response, bucket))
        .onFailure(Retry.class)
        .recoverWithUni(
            e -> {
              Retry r = (Retry) e;
              if (r.throttled()) {
                if (throttled + 1 >= MAX_THROTTLED) {
                  return Uni.createFrom()
                      .failure(
                          new ShopifyException(
                              Kind.UNAVAILABLE, "Shopify kept answering THROTTLED", null, null));
                }
                // The bucket now knows the refusal's cost and level: the next call waits it out.
                return call(shop, bucket, body, failures, throttled + 1);
              }
              return retry(shop, bucket, body, failures, throttled, r.getMessage(), r.after());
            })
        .onFailure(e -> e instanceof ShopifyException s && s.kind() == Kind.UNAVAILABLE)
        .recoverWithUni(
            e ->
                e.getCause() instanceof GaveUp
                    ? Uni.createFrom().failure(e)
                    : retry(shop, bucket, body, failures, throttled, e.getMessage(), null));
  }

  private Uni<JsonObject> retry(
      Shop shop,
      ShopifyCostBucket bucket,
      JsonObject body,
      int failures,
      int throttled,
      String why,
      Duration after) {
    if (failures >= Math.max(0, config.retries())) {
      return Uni.createFrom()
          .failure(new ShopifyException(Kind.UNAVAILABLE, why, after, new GaveUp()));
    }
    Duration backoff = config.retryBackoff().multipliedBy(1L << Math.min(failures, 10));
    Duration wait = after != null && after.compareTo(backoff) > 0 ? after : backoff;
    Log.debugf("Shopify import: %s; trying again in %s", why, wait);
    return sleep(wait).chain(() -> call(shop, bucket, body, failures + 1, throttled));
  }

  private Uni<Void> sleep(Duration wait) {
    if (wait == null || wait.isZero() || wait.isNegative()) {
      return Uni.createFrom().voidItem();
    }
    // The timer fires on the caller's Vert.x context, where the import's writes must run.
    return Uni.createFrom()
        .emitter(em -> vertx.setTimer(Math.max(1, wait.toMillis()), id -> em.complete(null)));
  }

  private static Uni<JsonObject> answer(HttpResponse<Buffer> response, ShopifyCostBucket bucket) {
    long now = System.nanoTime();
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      return Uni.createFrom()
          .failure(
              new ShopifyException(
                  Kind.AUTH,
                  "Shopify refused the Admin API access token (HTTP "
                      + status
                      + "); enter a valid one with the read_orders scope"));
    }
    if (status == 429) {
      return Uni.createFrom()
          .failure(new Retry("Shopify answered 429", retryAfter(response), false));
    }
    if (status >= 500) {
      return Uni.createFrom()
          .failure(new Retry("Shopify answered HTTP " + status, retryAfter(response), false));
    }
    JsonObject json;
    try {
      json = response.bodyAsJsonObject();
    } catch (DecodeException | ClassCastException e) {
      json = null;
    }
    if (json == null) {
      return Uni.createFrom()
          .failure(
              new ShopifyException(
                  Kind.MALFORMED, "Shopify answered HTTP " + status + " with no JSON object"));
    }
    JsonObject extensions = json.getJsonObject("extensions");
    bucket.observe(extensions == null ? null : extensions.getJsonObject("cost"), now);
    JsonArray errors = errors(json);
    if (errors != null && !errors.isEmpty()) {
      for (Object e : errors) {
        String code = code(e);
        if ("THROTTLED".equals(code)) {
          return Uni.createFrom().failure(new Retry("THROTTLED", null, true));
        }
        if ("ACCESS_DENIED".equals(code)) {
          return Uni.createFrom()
              .failure(
                  new ShopifyException(
                      Kind.AUTH,
                      "Shopify denied access to orders; the app needs the read_orders scope"));
        }
      }
      return Uni.createFrom()
          .failure(new ShopifyException(Kind.MALFORMED, "Shopify: " + message(errors)));
    }
    if (status != 200) {
      return Uni.createFrom()
          .failure(new ShopifyException(Kind.MALFORMED, "Shopify answered HTTP " + status));
    }
    return Uni.createFrom().item(json);
  }

  private static JsonArray errors(JsonObject json) {
    Object errors = json.getValue("errors");
    if (errors instanceof JsonArray a) {
      return a;
    }
    // The REST-style answer of a refused token: {"errors": "[API] Invalid API key or …"}.
    return errors == null ? null : new JsonArray().add(new JsonObject().put("message", errors));
  }

  private static String code(Object error) {
    if (error instanceof JsonObject o) {
      JsonObject ext = o.getJsonObject("extensions");
      return ext == null ? null : ext.getString("code");
    }
    return null;
  }

  private static String message(JsonArray errors) {
    List<String> out = new ArrayList<>();
    for (Object e : errors) {
      if (e instanceof JsonObject o) {
        out.add(String.valueOf(o.getValue("message")));
      }
      if (out.size() == 3) {
        break;
      }
    }
    String joined = String.join("; ", out);
    return joined.length() > 500 ? joined.substring(0, 500) : joined;
  }

  private static Page page(JsonObject json) {
    JsonObject data = json.getJsonObject("data");
    JsonObject orders = data == null ? null : data.getJsonObject("orders");
    if (orders == null) {
      throw new ShopifyException(Kind.MALFORMED, "Shopify answered no data.orders");
    }
    List<JsonObject> nodes = new ArrayList<>();
    JsonArray array = orders.getJsonArray("nodes");
    if (array != null) {
      for (Object o : array) {
        if (o instanceof JsonObject j) {
          nodes.add(j);
        }
      }
    }
    JsonObject info = orders.getJsonObject("pageInfo", new JsonObject());
    String end = info.getString("endCursor");
    boolean next = Boolean.TRUE.equals(info.getBoolean("hasNextPage")) && end != null;
    return new Page(List.copyOf(nodes), next, end);
  }

  private static Duration retryAfter(HttpResponse<Buffer> response) {
    String header = response.getHeader("Retry-After");
    if (header == null) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(header.strip());
      return seconds < 0 ? null : Duration.ofMillis((long) (Math.min(seconds, 3600) * 1000));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A call worth repeating: THROTTLED (waited out by the bucket) or a passing failure. */
  private static final class Retry extends RuntimeException {
    private final Duration after;
    private final boolean throttled;

    Retry(String message, Duration after, boolean throttled) {
      super(message, null, false, false);
      this.after = after;
      this.throttled = throttled;
    }

    Duration after() {
      return after;
    }

    boolean throttled() {
      return throttled;
    }
  }

  /** Marks a failure whose retries are spent, so it is not retried once more. */
  private static final class GaveUp extends RuntimeException {
    GaveUp() {
      super(null, null, false, false);
    }
  }
}
