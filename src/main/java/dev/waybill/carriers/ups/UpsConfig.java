package dev.waybill.carriers.ups;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The UPS Tracking API. Every key can also be set as an environment variable, e.g. {@code
 * WAYBILL_CARRIERS_UPS_CLIENT_ID} and {@code WAYBILL_CARRIERS_UPS_CLIENT_SECRET}. UPS stays off
 * until both credentials are set.
 */
@ConfigMapping(prefix = "waybill.carriers.ups")
public interface UpsConfig {

  /**
   * The UPS API host, without a path: production by default, {@code https://wwwcie.ups.com} for
   * UPS's Customer Integration Environment. The token and tracking paths are appended to it.
   */
  @WithDefault("https://onlinetools.ups.com")
  String baseUrl();

  /** The Client ID of the app on the UPS Developer Portal. */
  Optional<String> clientId();

  /** The Client Secret of that app. */
  Optional<String> clientSecret();

  /**
   * The 6-character UPS account number, sent as {@code x-merchant-id} when requesting a token. UPS
   * marks it optional.
   */
  Optional<String> merchantId();

  /** How long one HTTP call to UPS may take, connection included. */
  @WithDefault("10s")
  Duration timeout();

  /** The {@code transactionSrc} header: identifies Waybill to UPS in their logs. */
  @WithDefault("waybill")
  String transactionSource();

  /** The {@code locale} of UPS's status descriptions, language and country joined by "_". */
  @WithDefault("en_US")
  String locale();

  /**
   * Sustained calls per second. UPS publishes no limit (it answers 429 when one is hit and raises
   * limits on request), so the default is deliberately low.
   */
  @WithDefault("5")
  double requestsPerSecond();

  /** Calls in flight at once. */
  @WithDefault("4")
  int maxConcurrency();
}
