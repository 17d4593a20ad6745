package dev.waybill.connectors;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Store platform connectors: where their webhooks arrive. */
@ConfigMapping(prefix = "waybill.connectors")
public interface ConnectorsConfig {

  /**
   * The public base URL the shop platforms reach Waybill at; the admin API shows each connector's
   * webhook URL under it, ready to paste into the shop's admin.
   */
  @WithDefault("${waybill.tracking.public-base-url:http://localhost:8080}")
  String publicBaseUrl();
}
