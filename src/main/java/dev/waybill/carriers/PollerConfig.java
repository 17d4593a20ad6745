package dev.waybill.carriers;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The carrier poller: how often it looks for due work, how much it leases, and the schedule. */
@ConfigMapping(prefix = "waybill.poller")
public interface PollerConfig {

  /** Whether this pod polls carriers (worker role). */
  @WithDefault("true")
  boolean enabled();

  /** How often the scheduler looks for due shipments. */
  @WithDefault("5s")
  Duration interval();

  /** Shipments leased per claim; a full claim is followed by another at once. */
  @WithDefault("2000")
  int claimSize();

  /** How long a lease lasts; a pod that dies loses its work to others after this. */
  @WithDefault("2m")
  Duration leaseDuration();

  /**
   * On shutdown, how long the batches in flight may take to finish before this pod's leases are
   * handed back anyway. Keep it below {@code quarkus.shutdown.timeout}.
   */
  @WithDefault("20s")
  Duration drainTimeout();

  /** Attempts per carrier call before the batch is rescheduled with backoff. */
  @WithDefault("3")
  int attempts();

  /** Timeout of one carrier call. */
  @WithDefault("15s")
  Duration callTimeout();

  /**
   * Poll results written at once, across all carriers: the most of the database pool the poller
   * holds, so lookups and merchant writes in the same pod always find connections free.
   */
  @WithDefault("8")
  int maxWriters();

  /** Consecutive failed calls that open a carrier's circuit. */
  @WithDefault("5")
  int breakerFailures();

  /** How long an open circuit stays open before one trial call. */
  @WithDefault("30s")
  Duration breakerOpen();

  /** Next-poll intervals by status. */
  Schedule schedule();

  interface Schedule {
    /** Out for delivery: the shopper is waiting at the door. */
    @WithDefault("15m")
    Duration outForDelivery();

    /** Picked up or in transit. */
    @WithDefault("2h")
    Duration inTransit();

    /** Label created, packed or order received: nothing moves fast before pickup. */
    @WithDefault("6h")
    Duration preTransit();

    /** Exceptions, failed attempts and unknown states: watch closely for recovery. */
    @WithDefault("1h")
    Duration attention();

    /** Waiting at a pickup point. */
    @WithDefault("4h")
    Duration pickup();

    /** One confirming poll after delivery, then polling stops. */
    @WithDefault("6h")
    Duration deliveredConfirmation();

    /** Not yet known to the carrier. */
    @WithDefault("2h")
    Duration notFound();

    /** No carrier information for this long expires the shipment. */
    @WithDefault("30d")
    Duration expireAfter();

    /** First retry after a failed carrier call; doubles per failure, with jitter. */
    @WithDefault("1m")
    Duration failureBackoff();

    /** Longest wait after repeated failures. */
    @WithDefault("2h")
    Duration maxFailureBackoff();
  }
}
