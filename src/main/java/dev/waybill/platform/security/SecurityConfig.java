package dev.waybill.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
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

  /**
   * Encryption at rest of the credentials that stores give Waybill (platform and aggregator keys).
   */
  Credentials credentials();

  /** Protection of the server-rendered forms (shopper pages and the support console). */
  Forms forms();

  /**
   * Limits on {@code /api/**} and {@code /webhooks/**}: a token bucket per API key and one per
   * client address, shared by every pod through Redis. A store may set its own numbers ({@code
   * rateLimits} in the store admin API); these are the defaults.
   */
  RateLimit rateLimit();

  interface RateLimit {
    /** Whether API requests are limited at all. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Requests per window for one API key (the platform admin token counts as one key). Keys are
     * mostly servers (a storefront looking up orders for its shoppers), so this is the larger one.
     */
    @WithDefault("6000")
    int perKey();

    /** Requests per window from one client address without a valid key (shoppers, guessers). */
    @WithDefault("1200")
    int perIp();

    /**
     * Requests per window from one address to {@code /webhooks/**}: carriers and tracking
     * aggregators push from a few addresses, in bursts when a sorting hub scans a trailer.
     */
    @WithDefault("12000")
    int webhooksPerIp();

    /** The window: a bucket holds its quota and refills it evenly over this time. */
    @WithDefault("60s")
    Duration window();
  }

  interface Credentials {
    /**
     * The keys that encrypt stored credentials with AES-256-GCM ({@code WAYBILL_CREDENTIALS_KEYS}):
     * a comma-separated list of {@code id:base64}, each a random 32-byte key (e.g. {@code openssl
     * rand -base64 32}) under a short id of letters, digits, {@code -} or {@code _}. The first
     * seals every new value; the others only open values sealed earlier, so a key is rotated by
     * putting a new one first and dropping the old one once nothing sealed with it remains. Unset,
     * Waybill runs but refuses to store a credential.
     */
    Optional<List<String>> keys();
  }

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
