package dev.waybill.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.platform.security.TokenBuckets.Bucket;
import dev.waybill.platform.security.TokenBuckets.Lease;
import dev.waybill.platform.security.TokenBuckets.Outcome;
import dev.waybill.platform.security.TokenBuckets.State;
import dev.waybill.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenLeaseTest {

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-02T09:00:00Z"));

  private static Bucket bucket(int capacity, Duration window) {
    return new Bucket("key", "k1", capacity, window);
  }

  @Test
  void smallLimitsAskRedisForEveryRequest() {
    assertEquals(1, TokenBuckets.leaseSize(List.of(bucket(3, Duration.ofSeconds(60)))));
    assertEquals(2, TokenBuckets.leaseSize(List.of(bucket(1200, Duration.ofSeconds(60)))));
  }

  @Test
  void aLeaseIsATenthOfASecondsRefillOfTheSlowestBucketAndCapped() {
    assertEquals(10, TokenBuckets.leaseSize(List.of(bucket(6000, Duration.ofSeconds(60)))));
    assertEquals(
        10,
        TokenBuckets.leaseSize(
            List.of(
                bucket(1_000_000_000, Duration.ofSeconds(60)),
                bucket(6000, Duration.ofSeconds(60)))));
    assertEquals(
        TokenBuckets.MAX_LEASE,
        TokenBuckets.leaseSize(List.of(bucket(1_000_000_000, Duration.ofSeconds(60)))));
  }

  @Test
  void aLeaseSpendsItsTokensOnceAndReportsWhatIsLeft() {
    Bucket b = bucket(6000, Duration.ofSeconds(60));
    long now = clock.millis();
    Lease lease = new Lease(List.of(new State(b, 5980, 1)), 2, now);
    Outcome first = lease.spend(now);
    assertTrue(first.allowed());
    assertEquals(5981, first.states().get(0).remaining());
    assertEquals(5980, lease.spend(now).states().get(0).remaining());
    assertNull(lease.spend(now));
  }

  @Test
  void anOldLeaseIsNotSpent() {
    Bucket b = bucket(6000, Duration.ofSeconds(60));
    Lease lease = new Lease(List.of(new State(b, 100, 1)), 5, clock.millis());
    clock.advance(TokenBuckets.LEASE_TTL.plusMillis(1));
    assertNull(lease.spend(clock.millis()));
  }
}
