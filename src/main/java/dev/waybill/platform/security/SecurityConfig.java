package dev.waybill.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Authentication settings. */
@ConfigMapping(prefix = "waybill")
public interface SecurityConfig {

  /**
   * The bootstrap platform-admin token ({@code WAYBILL_ADMIN_TOKEN}). It can create stores and
   * manage any store's keys. Leave it unset to allow only store-scoped admin keys.
   */
  Optional<String> adminToken();

  /** Key cache settings. */
  Keys keys();

  /** Protection of the server-rendered forms (shopper pages and the support console). */
  Forms forms();

  interface Forms {
    /** How long a rendered form may be submitted. */
    @WithDefault("2h")
    Duration ttl();
  }

  interface Keys {
    /**
     * How long a resolved key is remembered in memory. Revocations reach other pods through a Redis
     * message at once, and at the latest after this time.
     */
    @WithDefault("60s")
    Duration cacheTtl();

    /** How often a key's last-used time is written, at most. */
    @WithDefault("60s")
    Duration touchInterval();
  }
}
