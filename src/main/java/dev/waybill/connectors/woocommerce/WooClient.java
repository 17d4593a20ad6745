package dev.waybill.connectors.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.connectors.woocommerce.WooException.Kind;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Thin non-blocking access to a store's WooCommerce REST API v3: the order listing ({@code GET
 * /wp-json/wc/v3/orders}, paged by {@code page} and {@code X-WP-TotalPages}) and the webhook list.
 * Authenticated with the consumer key and secret as HTTP Basic, which WooCommerce accepts over
 * HTTPS only. HTTP failures become {@link WooException}s; reading orders is left to {@link
 * WooOrderMapper}.
 */
public final class WooClient {

  /** One page of a listing and how many pages WooCommerce says there are. */
  public record Page(List<JsonNode> items, int page, int totalPages) {
    public boolean last() {
      return page >= totalPages;
    }
  }

  /** Where and as whom to call a store. */
  public record Site(String url, String consumerKey, String consumerSecret) {
    @Override
    public String toString() {
      return "Site[" + url + "]";
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private final WebClient web;
  private final long timeoutMillis;
  private final int pageSize;

  public WooClient(Vertx vertx, WooConfig config) {
    this.timeoutMillis = config.timeout().toMillis();
    this.pageSize = Math.max(1, Math.min(100, config.pageSize()));
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("Waybill")
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setIdleTimeout((int) Math.max(1, config.timeout().toSeconds())));
  }

  /**
   * One page of the orders modified after {@code since} (all statuses, oldest change first, so a
   * listing that stops half-way can resume from the last order it applied).
   */
  public Uni<Page> orders(Site site, OffsetDateTime since, int page) {
    HttpRequest<Buffer> request =
        get(site, "/wp-json/wc/v3/orders")
            .addQueryParam(
                "modified_after", ISO.format(since.withOffsetSameInstant(ZoneOffset.UTC)))
            .addQueryParam("dates_are_gmt", "true")
            .addQueryParam("status", "any")
            .addQueryParam("orderby", "modified")
            .addQueryParam("order", "asc")
            .addQueryParam("per_page", Integer.toString(pageSize))
            .addQueryParam("page", Integer.toString(page));
    return send(request, "orders").map(response -> page(response, page));
  }

  /** One order, or a null item when the site no longer has it (deleted for good). */
  public Uni<JsonNode> order(Site site, long id) {
    return get(site, "/wp-json/wc/v3/orders/" + id)
        .send()
        .onFailure()
        .transform(
            e ->
                new WooException(Kind.UNAVAILABLE, "WooCommerce order: " + e.getMessage(), null, e))
        .chain(
            response -> {
              if (response.statusCode() == 404) {
                return Uni.createFrom().nullItem();
              }
              return Uni.createFrom()
                  .item(response)
                  .map(r -> check(r, "order"))
                  .map(
                      r -> {
                        try {
                          return JSON.readTree(r.body().getBytes());
                        } catch (IOException | RuntimeException e) {
                          throw new WooException(Kind.MALFORMED, "WooCommerce order: not JSON");
                        }
                      });
            });
  }

  /** The site's webhooks (first page), to see whether WooCommerce has disabled ours. */
  public Uni<List<JsonNode>> webhooks(Site site) {
    return send(get(site, "/wp-json/wc/v3/webhooks").addQueryParam("per_page", "100"), "webhooks")
        .map(response -> page(response, 1).items());
  }

  /** Closes the HTTP client. */
  public void close() {
    web.close();
  }

  private HttpRequest<Buffer> get(Site site, String path) {
    if (site.consumerKey() == null || site.consumerSecret() == null) {
      throw new WooException(Kind.AUTH, "No consumer key and secret for " + site.url());
    }
    return web.getAbs(site.url() + path)
        .basicAuthentication(site.consumerKey(), site.consumerSecret())
        .putHeader("Accept", "application/json")
        .timeout(timeoutMillis);
  }

  private Uni<HttpResponse<Buffer>> send(HttpRequest<Buffer> request, String what) {
    return request
        .send()
        .onFailure()
        .transform(
            e ->
                e instanceof WooException
                    ? e
                    : new WooException(
                        Kind.UNAVAILABLE, "WooCommerce " + what + ": " + e.getMessage(), null, e))
        .map(response -> check(response, what));
  }

  private static HttpResponse<Buffer> check(HttpResponse<Buffer> response, String what) {
    int status = response.statusCode();
    if (status == 200) {
      return response;
    }
    if (status == 401 || status == 403) {
      throw new WooException(
          Kind.AUTH, "WooCommerce refused the consumer key for " + what + " (HTTP " + status + ")");
    }
    if (status == 429) {
      throw new WooException(
          Kind.RATE_LIMITED,
          "WooCommerce " + what + ": too many requests",
          retryAfter(response.getHeader("Retry-After")),
          null);
    }
    if (status >= 500) {
      throw new WooException(
          Kind.UNAVAILABLE,
          "WooCommerce " + what + ": HTTP " + status,
          retryAfter(response.getHeader("Retry-After")),
          null);
    }
    throw new WooException(Kind.MALFORMED, "WooCommerce " + what + ": HTTP " + status);
  }

  private Page page(HttpResponse<Buffer> response, int page) {
    JsonNode body;
    try {
      body = JSON.readTree(response.body() == null ? new byte[0] : response.body().getBytes());
    } catch (IOException e) {
      throw new WooException(Kind.MALFORMED, "WooCommerce answered something not JSON", null, e);
    }
    if (body == null || !body.isArray()) {
      throw new WooException(Kind.MALFORMED, "WooCommerce answered something not a list");
    }
    List<JsonNode> items = new ArrayList<>(body.size());
    body.forEach(items::add);
    int total = page;
    String header = response.getHeader("X-WP-TotalPages");
    if (header != null) {
      try {
        total = Math.max(page, Integer.parseInt(header.strip()));
      } catch (NumberFormatException e) {
        total = page;
      }
    }
    // Without the header (a caching proxy dropped it), only a full page may have a successor.
    if (header == null && items.size() >= pageSize) {
      total = page + 1;
    }
    return new Page(List.copyOf(items), page, items.isEmpty() ? page : total);
  }

  static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.strip());
      return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 3600));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
