package dev.waybill.connectors.shopify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The Shopify connector's calls to the Admin GraphQL API ({@code POST
 * https://{shop}/admin/api/{version}/graphql.json}): the import of past orders, paced by Shopify's
 * calculated query cost, and the status written back.
 */
@ConfigMapping(prefix = "waybill.connectors.shopify")
public interface ShopifyConfig {

  /**
   * The Admin API version the import and the write-back ask for. Shopify supports each stable
   * version for at least twelve months; move it forward when Shopify announces the pinned one's
   * end.
   */
  @WithDefault("2026-10")
  String apiVersion();

  /**
   * Replaces {@code https://{shopDomain}} in front of {@code /admin/api/…}, for a local test double
   * of Shopify (tests and benchmarks only); a {@code {shop}} in it stands for the shop's domain.
   * Unset in production: the shop's own domain is called.
   */
  Optional<String> adminBaseUrl();

  /** The Admin GraphQL endpoint of the shop at {@code domain}. */
  static String graphqlUrl(ShopifyConfig config, String domain) {
    String base =
        config
            .adminBaseUrl()
            .filter(s -> !s.isBlank())
            .map(s -> s.replace("{shop}", domain).replaceAll("/+$", ""))
            .orElse("https://" + domain);
    return base + "/admin/api/" + config.apiVersion() + "/graphql.json";
  }

  /** Connect and read timeout of each call to the Admin API. */
  @WithDefault("20s")
  Duration timeout();

  /** How often a worker pod looks for imports to start or resume. */
  @WithDefault("30s")
  Duration tick();

  /**
   * Orders per page. A page's requested cost is about 24 points per order (the order, its address
   * and customer, up to 5 line items with images, up to 3 fulfillments with up to 2 tracking
   * numbers each) plus 2, and Shopify refuses a query whose requested cost exceeds 1,000 points; 40
   * stays under it. Only the orders returned are charged in the end.
   */
  @WithDefault("40")
  int pageSize();

  /** Line items read per order; an order with more shows its first ones. */
  @WithDefault("5")
  int lineItems();

  /** Fulfillments read per order, each with up to {@code tracking-numbers} numbers. */
  @WithDefault("3")
  int fulfillments();

  /** Tracking numbers read per fulfillment. */
  @WithDefault("2")
  int trackingNumbers();

  /**
   * How often a call that failed for a passing reason (timeout, HTTP 429 or 5xx) is tried again,
   * waiting {@code retry-backoff}, doubled each time, before the import stops and resumes from its
   * cursor a minute later. A THROTTLED answer is always waited out and never counts here.
   */
  @WithDefault("5")
  int retries();

  /** The first wait before a failed call is tried again. */
  @WithDefault("1s")
  Duration retryBackoff();

  /**
   * Orders of a page written at the same time. Writing an order waits mostly on the database, so a
   * few side by side keep up with the cost bucket; each takes a database connection.
   */
  @WithDefault("4")
  int applyConcurrency();
}
