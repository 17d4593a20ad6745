package dev.waybill.platform.queue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with a cap: {@code first}, twice that, four times… never more than {@code
 * max}. With jitter the wait is drawn from the upper half of that, so rows that failed together
 * don't all come due in the same instant.
 *
 * @param first the wait after the first failure
 * @param max the longest wait
 * @param jitter whether to spread the wait over its upper half
 */
public record Backoff(Duration first, Duration max, boolean jitter) {

  /** Doubling waits without jitter. */
  public static Backoff exponential(Duration first, Duration max) {
    return new Backoff(first, max, false);
  }

  /** Doubling waits, each drawn from its upper half. */
  public static Backoff jittered(Duration first, Duration max) {
    return new Backoff(first, max, true);
  }

  /** The wait after {@code failures} failures in a row (the first failure is 1). */
  public Duration after(int failures) {
    int doublings = Math.min(Math.max(failures - 1, 0), 30);
    Duration d = first.multipliedBy(1L << doublings);
    Duration capped = d.compareTo(max) > 0 || d.isNegative() ? max : d;
    if (!jitter) {
      return capped;
    }
    long bound = capped.toMillis();
    return Duration.ofMillis(bound / 2 + ThreadLocalRandom.current().nextLong(bound / 2 + 1));
  }

  /**
   * The wait after {@code failures} failures in a row, or {@code atLeast} when the peer asked for
   * longer ({@code Retry-After}), though never more than {@code max}: a peer can slow the queue
   * down, not park a row for days.
   */
  public Duration after(int failures, Duration atLeast) {
    Duration wait = after(failures);
    if (atLeast == null || atLeast.compareTo(wait) <= 0) {
      return wait;
    }
    return atLeast.compareTo(max) > 0 ? max : atLeast;
  }
}
