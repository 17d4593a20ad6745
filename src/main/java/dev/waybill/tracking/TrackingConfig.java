package dev.waybill.tracking;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Tracking lookups, their caches and the signed tracking links. */
@ConfigMapping(prefix = "waybill.tracking")
public interface TrackingConfig {

  /**
   * The master secret ({@code WAYBILL_TRACKING_TOKEN_SECRET}) from which the keys of tracking
   * links, notification-settings links and form protection are derived, one per purpose. Every pod
   * must share it; changing it invalidates every link issued so far. Production needs at least 32
   * random characters.
   */
  String tokenSecret();

  /**
   * Whether links signed before keys were derived per purpose still verify: tracking links signed
   * with the master secret itself, and notification-settings links with its older derivation. On so
   * that links in emails already sent keep working; switch it off once {@code token-ttl} has passed
   * since upgrading (see docs/security.md).
   */
  @WithDefault("true")
  boolean acceptLegacyLinks();

  /** How long a tracking link stays valid. */
  @WithDefault("180d")
  Duration tokenTtl();

  /** The public base URL of the tracking pages, used to build shoppers' links. */
  @WithDefault("http://localhost:8080")
  String publicBaseUrl();

  /** How many of a shipment's latest events a lookup returns, unless it asks for all. */
  @WithDefault("5")
  int latestEvents();

  /**
   * Limits on lookups by order number and email or postal code, through the API and the lookup form
   * alike. Only failed lookups (an unknown order, a wrong email or postal code) are counted; once a
   * limit is reached even the right details are refused until the window has passed, so a guess
   * that happens to be right tells nothing. The store's own secret keys ({@code orders:write},
   * {@code support}) read its orders anyway and are not limited here.
   */
  Lookup lookup();

  interface Lookup {
    /** Failed lookups per client address per window: slows down walking order numbers. */
    @WithDefault("30")
    int perClient();

    /** Failed lookups of one order number per window, from anywhere: slows down guessing emails. */
    @WithDefault("10")
    int perOrder();

    /** The counting window. */
    @WithDefault("10m")
    Duration window();
  }

  /** Cache tiers. */
  Cache cache();

  interface Cache {
    /** Whether lookups use the caches at all (turned off to measure the database path). */
    @WithDefault("true")
    boolean enabled();

    /** TTL of a rendered lookup in Redis. */
    @WithDefault("10m")
    Duration redisTtl();

    /**
     * TTL of a rendered lookup in each pod's memory. Invalidations reach every pod through Redis at
     * once, and ones that could not be sent are sent again when Redis is back; this bounds
     * staleness if one is lost all the same. Short TTLs churn the young heap: every expired entry
     * is rendered again and copied by the garbage collector.
     */
    @WithDefault("30s")
    Duration localTtl();

    /** Entries kept in each pod's memory. */
    @WithDefault("20000")
    long localMaxEntries();

    /** How long an unknown order number is remembered as unknown. */
    @WithDefault("30s")
    Duration negativeTtl();

    /** After a Redis failure, how long lookups go straight to Postgres before trying again. */
    @WithDefault("2s")
    Duration redisRetryAfter();
  }
}
