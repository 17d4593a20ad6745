package dev.waybill.connectors.woocommerce;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The WooCommerce connector: webhooks in at {@code POST /connectors/woocommerce/webhooks}, and the
 * REST API ({@code /wp-json/wc/v3}) read with the store's consumer key for the backfill on connect
 * and the safety sweep that applies what webhooks missed.
 */
@ConfigMapping(prefix = "waybill.connectors.woocommerce")
public interface WooConfig {

  /** Connect and read timeout of each call to a store's REST API. */
  @WithDefault("15s")
  Duration timeout();

  /** Orders per page of the REST API listing; WooCommerce allows at most 100. */
  @WithDefault("100")
  int pageSize();

  /**
   * How often each connected store is swept: its orders modified since the last sweep are listed
   * and whatever the webhooks missed is applied. WooCommerce never retries a failed delivery.
   */
  @WithDefault("15m")
  Duration sweepInterval();

  /**
   * How far each sweep reaches back before the previous one, so an order saved while the previous
   * sweep was listing is not missed; orders seen already change nothing.
   */
  @WithDefault("5m")
  Duration sweepOverlap();

  /** How often a worker pod looks for due sweeps and imports to run. */
  @WithDefault("30s")
  Duration tick();

  /** Pages one sweep or backfill step reads before it hands the store back to the queue. */
  @WithDefault("10")
  int pagesPerStep();

  /**
   * Accepts {@code http://localhost} site URLs, for a local test double of WooCommerce. Every other
   * site must use https: its consumer secret travels as Basic authentication.
   */
  @WithDefault("false")
  boolean allowLocalHttp();

  /** How long a pod holds a store's sweep or backfill before another pod may take it over. */
  @WithDefault("5m")
  Duration lease();
}
