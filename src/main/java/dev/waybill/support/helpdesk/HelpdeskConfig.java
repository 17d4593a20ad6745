package dev.waybill.support.helpdesk;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Handing support cases to the store's help desk (Zendesk or Gorgias) as tickets. */
@ConfigMapping(prefix = "waybill.helpdesk")
public interface HelpdeskConfig {

  /** Whether this pod sends queued tickets; cases are queued either way. */
  @WithDefault("true")
  boolean enabled();

  /** How often a pod looks for due tickets. */
  @WithDefault("2s")
  Duration interval();

  /** How many tickets one claim takes. */
  @WithDefault("20")
  int batchSize();

  /** How long a claimed ticket is held before another pod may send it. */
  @WithDefault("1m")
  Duration lease();

  /** Sends tried before a ticket is dead (shown to the admin, retried only on request). */
  @WithDefault("10")
  int maxAttempts();

  /** The wait after the first failure; it doubles on each further one. */
  @WithDefault("5s")
  Duration backoff();

  /** The longest wait between tries, also the most a Retry-After is honoured for. */
  @WithDefault("30m")
  Duration maxBackoff();

  /** How long one call to the help desk may take. */
  @WithDefault("10s")
  Duration timeout();

  /**
   * Where Zendesk's API is reached; {@code {subdomain}} is the store's account. Only tests point it
   * elsewhere.
   */
  @WithDefault("https://{subdomain}.zendesk.com")
  String zendeskBaseUrl();

  /** Where Gorgias's API is reached; {@code {subdomain}} is the store's account. */
  @WithDefault("https://{subdomain}.gorgias.com")
  String gorgiasBaseUrl();
}
