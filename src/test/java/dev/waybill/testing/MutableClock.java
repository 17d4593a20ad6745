package dev.waybill.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves forward instead of sleeping: either standing still at a given instant, or
 * following the system clock with whatever the test has added.
 */
public final class MutableClock extends Clock {

  private final Clock base;
  private final AtomicReference<Duration> offset;

  private MutableClock(Clock base, AtomicReference<Duration> offset) {
    this.base = base;
    this.offset = offset;
  }

  /** Stands still at {@code start} until moved. */
  public static MutableClock at(Instant start) {
    return new MutableClock(
        Clock.fixed(start, ZoneOffset.UTC), new AtomicReference<>(Duration.ZERO));
  }

  /** Runs with the system clock, ahead of it by as much as it has been moved. */
  public static MutableClock following() {
    return new MutableClock(Clock.systemUTC(), new AtomicReference<>(Duration.ZERO));
  }

  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: " + by);
    }
    offset.accumulateAndGet(by, Duration::plus);
  }

  /** Back to where it started, for tests whose moves must not reach the next test. */
  public void reset() {
    offset.set(Duration.ZERO);
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MutableClock(base.withZone(zone), offset);
  }
}
