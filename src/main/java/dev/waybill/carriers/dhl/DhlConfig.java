package dev.waybill.carriers.dhl;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * DHL through its Shipment Tracking – Unified API ({@code GET /track/shipments}, one number per
 * call, the key in the {@code DHL-API-Key} header). DHL stays off until the key is set, e.g.
 * through {@code WAYBILL_CARRIERS_DHL_API_KEY}.
 */
@ConfigMapping(prefix = "waybill.carriers.dhl")
public interface DhlConfig {

  /** The DHL API host, without a path; {@code /track/shipments} is appended to it. */
  @WithDefault("https://api-eu.dhl.com")
  String baseUrl();

  /** The API key of the app on the DHL Developer Portal with Shipment Tracking – Unified. */
  Optional<String> apiKey();

  /** How long one HTTP call to DHL may take, connection included. */
  @WithDefault("10s")
  Duration timeout();

  /**
   * The {@code service} asked for when a number's format doesn't tell which DHL business it belongs
   * to. DHL may otherwise answer with another business's shipment of the same number.
   */
  @WithDefault("express")
  String defaultService();

  /**
   * The {@code language} of DHL's status texts (ISO 639-1), used when the order has no locale of
   * its own.
   */
  @WithDefault("en")
  String language();

  /**
   * The {@code originCountryCode} sent with every call (ISO 3166-1 alpha-2): the country the store
   * ships from. It helps DHL tell apart numbers that several countries issue. Unset sends none.
   */
  Optional<String> originCountryCode();

  /**
   * Calls DHL allows per UTC day. The starter plan of the Unified API allows 250; the poller
   * spreads them over the day and gives them to the shipments that matter most first; 0 means no
   * daily limit.
   */
  @WithDefault("250")
  int dailyCallBudget();

  /**
   * Sustained calls per second. The starter plan allows one call every 5 seconds; raise it with the
   * plan.
   */
  @WithDefault("0.2")
  double requestsPerSecond();

  /** Calls in flight at once. */
  @WithDefault("1")
  int maxConcurrency();
}
