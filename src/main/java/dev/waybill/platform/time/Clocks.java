package dev.waybill.platform.time;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The application's clock. Code that works out leases, backoff or due times takes it instead of
 * reading the wall clock, so tests can move time rather than wait for it.
 */
public class Clocks {

  @Produces
  @Singleton
  Clock systemUTC() {
    return Clock.systemUTC();
  }
}
