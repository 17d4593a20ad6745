package dev.waybill.carriers.sim;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The simulated carrier {@code waybill-sim}: a real HTTP service (served by Waybill under {@code
 * /sim/v1}) that plays deterministic parcel journeys, and the adapter that polls it.
 */
@ConfigMapping(prefix = "waybill.carriers.sim")
public interface SimConfig {

  /** Whether the adapter polls the simulated carrier. */
  @WithDefault("true")
  boolean enabled();

  /** Whether this Waybill serves the simulated carrier's API at /sim/v1. */
  @WithDefault("true")
  boolean serve();

  /** The simulated carrier's base URL; defaults to this server's own /sim/v1. */
  Optional<String> baseUrl();

  /**
   * Simulated seconds per real second: 3600 plays an hour of a journey every second, so a three-day
   * delivery takes about 72 seconds.
   */
  @WithDefault("1")
  double timeScale();

  /** Extra latency the simulated carrier adds to every answer. */
  @WithDefault("0ms")
  Duration latency();

  /** Share of calls (0 to 1) the simulated carrier fails with 503. */
  @WithDefault("0")
  double errorRate();

  /** Tracking numbers per call. */
  @WithDefault("100")
  int batchSize();

  /** Calls per second the adapter may make. */
  @WithDefault("200")
  double requestsPerSecond();

  /** Calls in flight at once. */
  @WithDefault("16")
  int maxConcurrency();

  /** Timeout of one call. */
  @WithDefault("10s")
  Duration timeout();

  /** The secret the simulated carrier signs its webhooks with. */
  @WithDefault("waybill-sim-webhook-secret")
  String webhookSecret();

  /** Where the simulated carrier pushes webhooks; empty disables pushing. */
  Optional<String> webhookUrl();
}
