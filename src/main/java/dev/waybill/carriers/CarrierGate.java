package dev.waybill.carriers;

import dev.waybill.carriers.spi.CarrierCapabilities;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Guards one carrier: a token bucket for its rate limit and a circuit breaker that stops calling it
 * after repeated failures, so a failing carrier never holds up the others. (Concurrency is bounded
 * by the poller's merge.) Thread-safe; never blocks. Time comes from the clock it is given, so it
 * can be moved rather than waited for.
 */
final class CarrierGate {

  /** Breaker states. */
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final double ratePerSecond;
  private final double burst;
  private final int failureThreshold;
  private final long openMillis;
  private final Clock clock;

  private double tokens;
  private long lastRefill;
  private int consecutiveFailures;
  private long openedAt;
  private State state = State.CLOSED;
  private long notBefore;
  private long trialStartedAt = -1;

  CarrierGate(
      CarrierCapabilities capabilities, int failureThreshold, Duration openFor, Clock clock) {
    // Some carriers allow only a few calls an hour: no floor here.
    this.ratePerSecond = Math.max(1e-4, capabilities.requestsPerSecond());
    this.burst = Math.max(1, Math.min(ratePerSecond, capabilities.maxConcurrency() * 2.0));
    this.tokens = burst;
    this.failureThreshold = failureThreshold;
    this.openMillis = openFor.toMillis();
    this.clock = clock;
    this.lastRefill = nanos();
  }

  /** Whether calls may be made now (closed, or half-open for a trial). */
  synchronized boolean allows() {
    long now = clock.millis();
    if (state == State.OPEN && now - openedAt >= openMillis) {
      state = State.HALF_OPEN;
    }
    return state != State.OPEN && now >= notBefore;
  }

  /**
   * Whether a batch may start now. Closed: yes. Half-open: only one trial at a time, so a carrier
   * that is still down costs one failed call, not one per batch; a trial that never reports back (a
   * cancelled poll) gives way after the open interval.
   */
  synchronized boolean tryStart() {
    if (!allows()) {
      return false;
    }
    if (state != State.HALF_OPEN) {
      return true;
    }
    long now = clock.millis();
    if (trialStartedAt >= 0 && now - trialStartedAt < openMillis) {
      return false;
    }
    trialStartedAt = now;
    return true;
  }

  synchronized State state() {
    allows();
    return state;
  }

  /** Completes when a call may start under the rate limit. */
  Uni<Void> permit() {
    long waitNanos = reserve();
    if (waitNanos <= 0) {
      return Uni.createFrom().voidItem();
    }
    return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(waitNanos));
  }

  /** Takes a token now or reserves the next one; returns how long to wait for it. */
  private synchronized long reserve() {
    long now = nanos();
    // A clock set back refills nothing rather than taking tokens away.
    tokens = Math.min(burst, tokens + Math.max(0, now - lastRefill) / 1e9 * ratePerSecond);
    lastRefill = now;
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) (-tokens / ratePerSecond * 1e9);
  }

  synchronized void succeeded() {
    consecutiveFailures = 0;
    state = State.CLOSED;
    trialStartedAt = -1;
  }

  synchronized void failed() {
    consecutiveFailures++;
    if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
      state = State.OPEN;
      openedAt = clock.millis();
    }
    trialStartedAt = -1;
  }

  /** The carrier asked us to wait (429 with Retry-After). */
  synchronized void pauseFor(Duration retryAfter) {
    notBefore = Math.max(notBefore, clock.millis() + retryAfter.toMillis());
    trialStartedAt = -1;
  }

  private long nanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
