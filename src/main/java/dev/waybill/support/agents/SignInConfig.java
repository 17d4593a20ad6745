package dev.waybill.support.agents;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the console's sign-in slows down password guessing. Failed sign-ins are counted per client
 * address and per account; past the free failures, each further attempt must wait, twice as long
 * each time, up to {@link #maxWait()}.
 */
@ConfigMapping(prefix = "waybill.console.sign-in")
public interface SignInConfig {

  /** Whether failed sign-ins are throttled at all. */
  @WithDefault("true")
  boolean throttle();

  /**
   * Failed sign-ins from one client address, to any accounts, before it must wait. An office behind
   * one address shares them, so this is the larger one.
   */
  @WithDefault("10")
  int freeFailuresPerAddress();

  /** Failed sign-ins to one account, from any addresses, before it must wait. */
  @WithDefault("5")
  int freeFailuresPerAccount();

  /** The first wait once the free failures are spent; each further failure doubles it. */
  @WithDefault("1s")
  Duration firstWait();

  /**
   * The longest wait. It caps the account's wait as well, so nobody can keep an agent out for
   * longer by failing to sign in as them.
   */
  @WithDefault("5m")
  Duration maxWait();

  /** How long after the last failure an address's or an account's failures are forgotten. */
  @WithDefault("1h")
  Duration forgetAfter();

  /**
   * How long an address an agent signed in from is remembered for that agent. From such an address
   * the account's wait does not apply (the address's own does), so guesses at an account from
   * elsewhere don't keep its agent out.
   */
  @WithDefault("30d")
  Duration rememberAddresses();
}
