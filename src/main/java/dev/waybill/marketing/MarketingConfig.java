package dev.waybill.marketing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Shipment milestones sent to the marketing tools stores use (opt-in per store). */
@ConfigMapping(prefix = "waybill.marketing")
public interface MarketingConfig {

  /** Klaviyo, through its Events API. */
  Klaviyo klaviyo();

  /** The Klaviyo event queue and its calls to Klaviyo. */
  interface Klaviyo {

    /** Where Klaviyo's API is; tests point it at a stand-in. */
    @WithDefault("https://a.klaviyo.com")
    String baseUrl();

    /**
     * The API revision sent in the {@code revision} header: the body Waybill sends is the shape
     * this revision documents.
     */
    @WithDefault("2026-10-15")
    String revision();

    /** Whether this pod sends queued events; milestones are queued either way. */
    @WithDefault("true")
    boolean enabled();

    /** How often a pod looks for due events. */
    @WithDefault("2s")
    Duration interval();

    /** How many events one claim takes. */
    @WithDefault("50")
    int batchSize();

    /** How long a claimed event is held before another pod may send it. */
    @WithDefault("1m")
    Duration lease();

    /** Sends tried before an event is dead (shown to the admin, retried only on request). */
    @WithDefault("10")
    int maxAttempts();

    /** The wait after the first failure; it doubles on each further one. */
    @WithDefault("5s")
    Duration backoff();

    /** The longest wait between tries, also the most a Retry-After is honoured for. */
    @WithDefault("30m")
    Duration maxBackoff();

    /** How long one call to Klaviyo may take. */
    @WithDefault("10s")
    Duration timeout();
  }
}
