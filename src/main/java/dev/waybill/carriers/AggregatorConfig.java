package dev.waybill.carriers;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Aggregators as upstream: for a shipment whose carrier has no enabled direct adapter, and whose
 * store has set an aggregator account (EasyPost, AfterShip or 17TRACK), Waybill registers the
 * tracking number there once and then takes the aggregator's pushes. When no push comes within the
 * cadence of the parcel's status ({@code waybill.poller.schedule.*}), Waybill asks the aggregator
 * itself; once the parcel is delivered or returned, it stops tracking there where the API allows.
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

  /** The fallback poll, for registered numbers whose pushes don't come. */
  Fallback fallback();

  /** Stopping tracking at the aggregator once a parcel's story is over. */
  Stop stop();

  interface Fallback {

    /**
     * Whether worker pods poll an aggregator when no push came within the status's cadence. Off,
     * registered numbers are only updated by pushes.
     */
    @WithDefault("true")
    boolean enabled();

    /** How often worker pods look for registered numbers whose push is overdue. */
    @WithDefault("30s")
    Duration interval();

    /** The most numbers one claim takes. */
    @WithDefault("200")
    int batchSize();

    /** How long a claimed number is held before another pod may poll it. */
    @WithDefault("2m")
    Duration lease();

    /** How many store accounts are polled at once; each account's batches go one after another. */
    @WithDefault("4")
    int concurrency();
  }

  interface Stop {

    /** Whether worker pods stop tracking at the aggregator after delivery. */
    @WithDefault("true")
    boolean enabled();

    /** How often worker pods look for numbers to stop. */
    @WithDefault("1m")
    Duration interval();

    /** The most numbers one claim takes. */
    @WithDefault("100")
    int batchSize();

    /** Attempts after which a stop that keeps failing is given up (shown as a failure). */
    @WithDefault("8")
    int maxAttempts();
  }
}
