package dev.waybill.carriers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.spi.CarrierCapabilities;
import dev.waybill.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CarrierGateTest {

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-02T09:00:00Z"));

  private CarrierGate gate(Duration openFor) {
    return new CarrierGate(
        new CarrierCapabilities("test", "Test", 10, 100, 4, false, "https://example.com/{n}"),
        2,
        openFor,
        clock);
  }

  @Test
  void repeatedFailuresOpenTheCircuitAndNoBatchStarts() {
    CarrierGate gate = gate(Duration.ofMinutes(1));
    gate.failed();
    assertTrue(gate.tryStart());
    gate.failed();

    assertEquals(CarrierGate.State.OPEN, gate.state());
    assertFalse(gate.tryStart());
  }

  @Test
  void anOpenCircuitStaysOpenUntilItsIntervalHasPassed() {
    CarrierGate gate = gate(Duration.ofMinutes(1));
    gate.failed();
    gate.failed();
    clock.advance(Duration.ofSeconds(59));

    assertEquals(CarrierGate.State.OPEN, gate.state());
    assertFalse(gate.tryStart());
  }

  @Test
  void halfOpenLetsOneTrialThroughAtATime() {
    CarrierGate gate = gate(Duration.ofMinutes(1));
    gate.failed();
    gate.failed();
    clock.advance(Duration.ofMinutes(1));

    assertTrue(gate.tryStart(), "the trial");
    assertFalse(gate.tryStart(), "a second batch while the trial is out");
    gate.succeeded();

    assertEquals(CarrierGate.State.CLOSED, gate.state());
    assertTrue(gate.tryStart());
    assertTrue(gate.tryStart());
  }

  @Test
  void aFailedTrialOpensTheCircuitAgain() {
    CarrierGate gate = gate(Duration.ofMinutes(1));
    gate.failed();
    gate.failed();
    clock.advance(Duration.ofMinutes(1));
    assertTrue(gate.tryStart());

    gate.failed();

    assertEquals(CarrierGate.State.OPEN, gate.state());
    assertFalse(gate.tryStart());
  }
}
