package dev.waybill.connectors.shopify;

import dev.waybill.connectors.ConnectorsConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Shopify's Admin GraphQL API as the write-back calls it: one {@code fulfillmentEventCreate} per
 * status change. Answers are sorted into sent, worth retrying (5xx, 429, the GraphQL cost throttle,
 * the network) with how long Shopify asked to wait, and refused (userErrors, other 4xx).
 */
@ApplicationScoped
public class ShopifyWriteBackClient {

  static final String MUTATION =
      """
      mutation fulfillmentEventCreate($fulfillmentEvent: FulfillmentEventInput!) {
        fulfillmentEventCreate(fulfillmentEvent: $fulfillmentEvent) {
          fulfillmentEvent { id status }
          userErrors { field message }
        }
      }""";

  // Always with seconds, as Shopify's own DateTime values are written.
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  /** What a status change becomes on the fulfillment. */
  public record Event(
      String fulfillmentId,
      String status,
      OffsetDateTime happenedAt,
      OffsetDateTime estimatedDeliveryAt) {}

  /** What Shopify made of it. */
  public sealed interface Result {}

  /** Created; {@code eventId} is the new FulfillmentEvent's id. */
  public record Sent(String eventId) implements Result {}

  /** Not now: try again, no sooner than {@code after} when Shopify said (else null). */
  public record Retry(String error, Duration after) implements Result {}

  /** Refused: sending it again changes nothing. */
  public record Refused(String error) implements Result {}

  private final WebClient web;
  private final ConnectorsConfig.WriteBack config;
  private final ShopifyConfig shopify;

  public ShopifyWriteBackClient(Vertx vertx, ConnectorsConfig config, ShopifyConfig shopify) {
    this.config = config.writeBack();
    this.shopify = shopify;
    long timeout = this.config.timeout().toMillis();
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("Waybill")
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout))
                .setIdleTimeout((int) Math.max(1, this.config.timeout().toSeconds())));
  }

  /** The GraphQL request body for one event. */
  static JsonObject body(Event e) {
    JsonObject input =
        new JsonObject()
            .put("fulfillmentId", gid(e.fulfillmentId()))
            .put("status", e.status())
            .put("happenedAt", ISO.format(e.happenedAt()));
    if (e.estimatedDeliveryAt() != null) {
      input.put("estimatedDeliveryAt", ISO.format(e.estimatedDeliveryAt()));
    }
    return new JsonObject()
        .put("query", MUTATION)
        .put("variables", new JsonObject().put("fulfillmentEvent", input));
  }

  /** Shopify's global id of a fulfillment, whether it was stored as a number or already as one. */
  static String gid(String fulfillmentId) {
    return fulfillmentId.startsWith("gid://")
        ? fulfillmentId
        : "gid://shopify/Fulfillment/" + fulfillmentId;
  }

  /** Creates the event on the shop's fulfillment; never fails, the outcome is the result. */
  public Uni<Result> create(String shopDomain, String accessToken, Event event) {
    String url = ShopifyConfig.graphqlUrl(shopify, shopDomain);
    return web.postAbs(url)
        .timeout(config.timeout().toMillis())
        .putHeader("X-Shopify-Access-Token", accessToken)
        .putHeader("Content-Type", "application/json")
        .putHeader("Accept", "application/json")
        .sendBuffer(Buffer.buffer(body(event).encode()))
        .map(ShopifyWriteBackClient::read)
        .onFailure()
        .recoverWithItem(e -> new Retry("network: " + e.getMessage(), null));
  }

  static Result read(HttpResponse<Buffer> response) {
    int code = response.statusCode();
    if (code == 429) {
      return new Retry("HTTP 429 (rate limited)", retryAfter(response.getHeader("Retry-After")));
    }
    if (code >= 500) {
      return new Retry("HTTP " + code, retryAfter(response.getHeader("Retry-After")));
    }
    if (code != 200) {
      return new Refused("HTTP " + code + ": " + snippet(response.bodyAsString()));
    }
    JsonObject body;
    try {
      body = response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      return new Retry("an answer that is not JSON", null);
    }
    if (body == null) {
      return new Retry("an empty answer", null);
    }
    JsonArray errors = body.getJsonArray("errors");
    if (errors != null && !errors.isEmpty()) {
      for (Object o : errors) {
        if (o instanceof JsonObject err
            && "THROTTLED"
                .equals(err.getJsonObject("extensions", new JsonObject()).getString("code"))) {
          return new Retry("throttled by Shopify's query cost limit", throttleWait(body));
        }
      }
      return new Refused("GraphQL: " + messages(errors));
    }
    JsonObject payload =
        body.getJsonObject("data", new JsonObject())
            .getJsonObject("fulfillmentEventCreate", new JsonObject());
    JsonArray userErrors = payload.getJsonArray("userErrors", new JsonArray());
    if (!userErrors.isEmpty()) {
      return new Refused("userErrors: " + messages(userErrors));
    }
    JsonObject created = payload.getJsonObject("fulfillmentEvent");
    if (created == null) {
      return new Refused("no fulfillmentEvent in the answer");
    }
    return new Sent(created.getString("id"));
  }

  /**
   * How long until the throttle bucket holds the query's cost again: (requested - available) /
   * restore rate, per Shopify's {@code extensions.cost.throttleStatus}.
   */
  static Duration throttleWait(JsonObject body) {
    JsonObject cost = body.getJsonObject("extensions", new JsonObject()).getJsonObject("cost");
    if (cost == null) {
      return Duration.ofSeconds(1);
    }
    JsonObject t = cost.getJsonObject("throttleStatus", new JsonObject());
    double requested = cost.getDouble("requestedQueryCost", 10.0);
    double available = t.getDouble("currentlyAvailable", 0.0);
    double rate = t.getDouble("restoreRate", 50.0);
    double seconds = rate <= 0 ? 1 : Math.max(0, requested - available) / rate;
    return Duration.ofMillis((long) Math.ceil(Math.max(1.0, seconds) * 1000));
  }

  /** Retry-After in seconds (Shopify sends a number, possibly with a fraction); null if none. */
  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(header.strip());
      return seconds < 0 ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String messages(JsonArray errors) {
    List<String> out = new ArrayList<>();
    for (Object o : errors) {
      if (o instanceof JsonObject err) {
        Object field = err.getValue("field");
        String where =
            field instanceof JsonArray path && !path.isEmpty()
                ? String.join(".", path.stream().map(String::valueOf).toList()) + ": "
                : "";
        out.add(where + err.getString("message", "?"));
      }
    }
    return String.join("; ", out);
  }

  private static String snippet(String body) {
    if (body == null) {
      return "";
    }
    return body.length() <= 200 ? body : body.substring(0, 200);
  }
}
