package dev.waybill.connectors;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Store platform connectors: where their webhooks arrive and what a new connection imports. */
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
}
