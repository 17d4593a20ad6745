package dev.waybill.support.claims;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/**
 * Carrier claim reminders. Carriers count their claim windows from different days (delivery,
 * scheduled delivery, acceptance); Waybill counts every window from the ship date, which puts the
 * deadline at or before the carrier's own. The defaults and their sources are in docs/claims.md.
 */
@ConfigMapping(prefix = "waybill.claims")
public interface ClaimsConfig {

  /**
   * Days after the ship date by which a claim must be filed, per carrier code (for example {@code
   * waybill.claims.window-days.ups=60}).
   */
  Map<String, Integer> windowDays();

  /** The window for a carrier without its own entry. */
  @WithDefault("30")
  int defaultWindowDays();

  /** How many days before the deadline an open reminder shows on the watchlist. */
  @WithDefault("7")
  int remindDaysBefore();
}
