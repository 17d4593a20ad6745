package dev.waybill.carriers;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Aggregators as upstream: for a shipment whose carrier has no enabled direct adapter, and whose
 * store has set an aggregator account (EasyPost, AfterShip or 17TRACK), Waybill registers the
 * tracking number there once and then takes the aggregator's pushes.
 */
@ConfigMapping(prefix = "waybill.aggregators")
public interface AggregatorConfig {

  /** Whether worker pods register numbers at aggregators at all. */
  @WithDefault("true")
  boolean enabled();

  /** How often worker pods look for shipments to register and register them. */
  @WithDefault("5s")
  Duration interval();

  /** Shipments created longer ago than this are not registered any more. */
  @WithDefault("30d")
  Duration lookback();

  /** The most registrations one claim takes. */
  @WithDefault("100")
  int batchSize();

  /** How long a claimed registration is held before another pod may take it. */
  @WithDefault("2m")
  Duration lease();

  /** Attempts after which a registration that keeps failing is given up. */
  @WithDefault("12")
  int maxAttempts();

  /** The wait after a first failed attempt; it doubles (with jitter) after each further one. */
  @WithDefault("30s")
  Duration failureBackoff();

  /** The longest wait between attempts. */
  @WithDefault("6h")
  Duration maxFailureBackoff();

  /**
   * The wait after an aggregator refused the store's API key: nothing changes until the store sets
   * a new one, which makes its registrations due at once.
   */
  @WithDefault("1h")
  Duration authRetry();
}
