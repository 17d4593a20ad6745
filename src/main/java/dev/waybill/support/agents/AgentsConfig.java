package dev.waybill.support.agents;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Console accounts and how people join a store's team. */
@ConfigMapping(prefix = "waybill.agents")
public interface AgentsConfig {

  /**
   * How long an invitation link stays valid. Re-sending an invitation starts a new period and
   * invalidates the earlier link.
   */
  @WithDefault("72h")
  Duration invitationTtl();

  /** The public base URL the invitation links in emails point at (where the console is served). */
  @WithDefault("${waybill.tracking.public-base-url:http://localhost:8080}")
  String publicBaseUrl();
}
