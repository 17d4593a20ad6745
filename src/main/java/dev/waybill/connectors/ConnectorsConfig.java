package dev.waybill.connectors;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Store platform connectors: where their webhooks arrive and what a new connection imports. */
@ConfigMapping(prefix = "waybill.connectors")
public interface ConnectorsConfig {

  /**
   * The public base URL the shop platforms reach Waybill at; the admin API shows each connector's
   * webhook URL under it, ready to paste into the shop's admin.
   */
  @WithDefault("${waybill.tracking.public-base-url:http://localhost:8080}")
  String publicBaseUrl();

  /** How many days of past orders a new connection imports. */
  @WithDefault("60")
  int backfillDays();

  /** How long a pod holds a connection's import before another may resume it from its cursor. */
  @WithDefault("2m")
  Duration backfillLease();

  /** Writing shipment status changes back to the shop platform (opt-in per connection). */
  WriteBack writeBack();

  /** The write-back queue and its calls to the platform. */
  interface WriteBack {

    /** Whether this pod sends queued write-backs; changes are queued either way. */
    @WithDefault("true")
    boolean enabled();

    /** How often a pod looks for due write-backs. */
    @WithDefault("2s")
    Duration interval();

    /** How many write-backs one claim takes. */
    @WithDefault("20")
    int batchSize();

    /** How long a claimed write-back is held before another pod may send it. */
    @WithDefault("1m")
    Duration lease();

    /** Sends tried before a write-back is dead (shown to the admin, retried only on request). */
    @WithDefault("10")
    int maxAttempts();

    /** The wait after the first failure; it doubles on each further one. */
    @WithDefault("5s")
    Duration backoff();

    /** The longest wait between tries, also the most a Retry-After is honoured for. */
    @WithDefault("30m")
    Duration maxBackoff();

    /** How long one call to the platform may take. */
    @WithDefault("10s")
    Duration timeout();
  }
}
