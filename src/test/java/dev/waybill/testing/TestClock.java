package dev.waybill.testing;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The application's clock under test: the system clock, which a test may move forward (inject
 * {@link MutableClock}) to let an interval pass at once. Never moved back, so what other tests see
 * is only ever a little ahead.
 */
@ApplicationScoped
public class TestClock {

  private final MutableClock clock = MutableClock.following();

  @Produces
  @Singleton
  @Alternative
  @Priority(1)
  MutableClock clock() {
    return clock;
  }
}
