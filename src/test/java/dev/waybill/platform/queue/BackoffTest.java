package dev.waybill.platform.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void waitsDoubleFromTheFirstUpToTheCap() {
    Backoff b = Backoff.exponential(Duration.ofSeconds(30), Duration.ofMinutes(5));
    assertEquals(Duration.ofSeconds(30), b.after(1));
    assertEquals(Duration.ofSeconds(60), b.after(2));
    assertEquals(Duration.ofSeconds(240), b.after(4));
    assertEquals(Duration.ofMinutes(5), b.after(5));
    assertEquals(Duration.ofMinutes(5), b.after(1000));
  }

  @Test
  void noFailuresYetWaitsTheFirstBackoff() {
    Backoff b = Backoff.exponential(Duration.ofSeconds(1), Duration.ofHours(1));
    assertEquals(Duration.ofSeconds(1), b.after(0));
  }

  @Test
  void jitterStaysInTheUpperHalfOfTheWait() {
    Backoff b = Backoff.jittered(Duration.ofSeconds(10), Duration.ofMinutes(1));
    for (int i = 0; i < 200; i++) {
      Duration third = b.after(3);
      assertTrue(third.compareTo(Duration.ofSeconds(20)) >= 0, third.toString());
      assertTrue(third.compareTo(Duration.ofSeconds(40)) <= 0, third.toString());
      Duration capped = b.after(30);
      assertTrue(capped.compareTo(Duration.ofSeconds(30)) >= 0, capped.toString());
      assertTrue(capped.compareTo(Duration.ofMinutes(1)) <= 0, capped.toString());
    }
  }
}
