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

  /** The published default webhook secret, for dev mode and tests only. */
  String DEFAULT_WEBHOOK_SECRET = "waybill-sim-webhook-secret";

  /**
   * Whether the simulated carrier is on at all: the adapter polls it, this Waybill serves /sim/v1
   * (unless {@code serve} is false) and accepts its pushes at /webhooks/waybill-sim. Off unless
   * switched on; dev mode and tests switch it on. A production pod with it on refuses to start with
   * the default or an empty webhook secret.
   */
  @WithDefault("false")
  boolean enabled();

  /** Whether this Waybill serves the simulated carrier's API at /sim/v1 while it is on. */
  @WithDefault("true")
  boolean serve();

  /**
   * Requests to /sim/v1 one client address may make per {@code client-window}; more are answered
   * 429. The adapter polling the carrier counts as a client too.
   */
  @WithDefault("600")
  int perClient();

  /** The window of {@code per-client}: a client's bucket refills evenly over this time. */
  @WithDefault("60s")
  Duration clientWindow();

  /**
   * Tracking numbers the simulated carrier remembers (when it first saw each, which scans it has
   * pushed). Past this it forgets them and starts over, so its memory stays small whatever it is
   * sent.
   */
  @WithDefault("10000")
  int maxRemembered();

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

  /**
   * The secret the simulated carrier signs its webhooks with, and Waybill checks them with. The
   * default is public: production refuses it while the simulated carrier is on.
   */
  @WithDefault(DEFAULT_WEBHOOK_SECRET)
  String webhookSecret();

  /** Where the simulated carrier pushes webhooks; empty disables pushing. */
  Optional<String> webhookUrl();
}
