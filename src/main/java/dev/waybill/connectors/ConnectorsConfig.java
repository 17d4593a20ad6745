package dev.waybill.connectors;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Store platform connectors: where their webhooks arrive, what is imported, how fast. */
@ConfigMapping(prefix = "waybill.connectors")
public interface ConnectorsConfig {

  /**
   * The public base URL the shop platforms reach Waybill at; the admin API shows each connector's
   * webhook URL under it, ready to paste into the shop's admin.
   */
  @WithDefault("${waybill.tracking.public-base-url:http://localhost:8080}")
  String publicBaseUrl();

  /** How many days of past orders a new connection imports. */
  @WithDefault("60")
  int backfillDays();

  /** How long a pod holds a connection's import before another may resume it from its cursor. */
  @WithDefault("2m")
  Duration backfillLease();

  /** Shopify. */
  Shopify shopify();

  interface Shopify {
    /** The Admin API version Waybill speaks. */
    @WithDefault("2025-07")
    String apiVersion();

    /**
     * Overrides {@code https://<shop domain>} as the Admin API's base, for a test double. Leave
     * unset in production.
     */
    Optional<String> adminBaseUrl();

    /** Orders per page of the import (Shopify allows at most 250). */
    @WithDefault("250")
    int pageSize();

    /**
     * The share of the query cost bucket the import keeps free for others (the store's own apps):
     * it waits for the bucket to refill before a page would dip below it.
     */
    @WithDefault("0.1")
    double throttleReserve();
  }
}
