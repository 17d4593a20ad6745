package dev.waybill.tracking.shopper;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** A shopper's sign-in by email to see all their orders with a store, on the page and the API. */
@ConfigMapping(prefix = "waybill.shopper")
public interface ShopperConfig {

  /** How long the emailed link and code work; each works once. */
  @WithDefault("15m")
  Duration codeTtl();

  /** How long a shopper stays signed in (the page's cookie and the API's shopper token). */
  @WithDefault("30m")
  Duration sessionTtl();

  /** Wrong codes one emailed sign-in takes before it stops working, even with the right code. */
  @WithDefault("5")
  int attemptsPerCode();

  /**
   * Limits on asking for sign-in emails and on codes, per client address and per email. Requests
   * for an email are counted whether or not the email has orders, so the limits tell nothing.
   */
  Limits limits();

  interface Limits {
    /** Sign-in emails asked for per client address per window. */
    @WithDefault("20")
    int requestsPerClient();

    /** Sign-in emails asked for per email address per window: a mailbox is never flooded. */
    @WithDefault("5")
    int requestsPerEmail();

    /** Wrong or expired codes and links per client address per window. */
    @WithDefault("30")
    int failuresPerClient();

    /** Wrong codes for one email address per window, from anywhere. */
    @WithDefault("10")
    int failuresPerEmail();

    /** The counting window. */
    @WithDefault("1h")
    Duration window();
  }
}
