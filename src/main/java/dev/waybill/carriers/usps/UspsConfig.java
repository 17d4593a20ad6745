package dev.waybill.carriers.usps;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The USPS Tracking 3.0 API ({@code apis.usps.com}). Every key can be set as an environment
 * variable, e.g. {@code WAYBILL_CARRIERS_USPS_CLIENT_ID}; the adapter stays off until both
 * credentials are set.
 */
@ConfigMapping(prefix = "waybill.carriers.usps")
public interface UspsConfig {

  /**
   * Base URL of the USPS APIs, without a trailing slash. Production is {@code
   * https://apis.usps.com}; the USPS test environment is {@code https://apis-tem.usps.com}.
   */
  @WithDefault("https://apis.usps.com")
  String baseUrl();

  /**
   * The app's Consumer Key from the USPS developer portal ({@code
   * WAYBILL_CARRIERS_USPS_CLIENT_ID}).
   */
  Optional<String> clientId();

  /**
   * The app's Consumer Secret from the USPS developer portal ({@code
   * WAYBILL_CARRIERS_USPS_CLIENT_SECRET}).
   */
  Optional<String> clientSecret();

  /**
   * The OAuth scope asked for with the access token. The tracking endpoint requires {@code
   * tracking}; a token without it is answered with 401.
   */
  @WithDefault("tracking")
  String scope();

  /** How long one HTTP call (token or tracking) may take before it counts as failed. */
  @WithDefault("10s")
  Duration timeout();

  /**
   * The call quota of the USPS app. New apps get 60 calls an hour; raise this only after USPS has
   * raised the app's quota.
   */
  @WithDefault("60")
  int requestsPerHour();
}
