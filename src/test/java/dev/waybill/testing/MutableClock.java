package dev.waybill.testing;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The application's clock in tests: the system clock plus an offset a test may move forward, so
 * backoff and due times pass without waiting for them. Tests that move it put it back after.
 */
@Alternative
@Priority(1)
@Singleton
public class MutableClock extends Clock {

  private volatile Duration offset = Duration.ZERO;

  /** Moves time forward by {@code by}. */
  public void advance(Duration by) {
    offset = offset.plus(by);
  }

  /** Back to the system clock. */
  public void reset() {
    offset = Duration.ZERO;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.offset(Clock.system(zone), offset);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }
}
