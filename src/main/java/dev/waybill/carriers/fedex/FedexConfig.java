package dev.waybill.carriers.fedex;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * FedEx through the FedEx Track API: an OAuth client-credentials token from {@code POST
 * /oauth/token}, then {@code POST /track/v1/trackingnumbers} with up to 30 numbers per call. The
 * adapter stays off until both credentials are set, e.g. through {@code
 * WAYBILL_CARRIERS_FEDEX_CLIENT_ID} and {@code WAYBILL_CARRIERS_FEDEX_CLIENT_SECRET}.
 */
@ConfigMapping(prefix = "waybill.carriers.fedex")
public interface FedexConfig {

  /**
   * The FedEx API host. Production is {@code https://apis.fedex.com}; the sandbox is {@code
   * https://apis-sandbox.fedex.com}.
   */
  @WithDefault("https://apis.fedex.com")
  String baseUrl();

  /** The project's API key from the FedEx Developer Portal, sent as {@code client_id}. */
  Optional<String> clientId();

  /** The project's secret key, sent as {@code client_secret}. */
  Optional<String> clientSecret();

  /** Timeout of one HTTP call, token or tracking. */
  @WithDefault("10s")
  Duration timeout();

  /**
   * The {@code x-locale} header. Fixed so that event descriptions keep one language for the life of
   * a shipment instead of following the account's settings.
   */
  @WithDefault("en_US")
  String locale();

  /**
   * Tracking calls per second. FedEx allows 1,400 calls per 10 seconds per project but only 100,000
   * Track calls per project per day; one call per second stays inside the daily quota. Raise it
   * only if FedEx has granted a larger quota.
   */
  @WithDefault("1")
  double requestsPerSecond();

  /** Tracking calls in flight at once. */
  @WithDefault("2")
  int maxConcurrency();
}
