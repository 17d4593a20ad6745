package dev.waybill.carriers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.spi.CarrierCapabilities;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CarrierGateTest {

  private static CarrierGate gate(Duration openFor) {
    return new CarrierGate(
        new CarrierCapabilities("test", "Test", 10, 100, 4, false, "https://example.com/{n}"),
        2,
        openFor);
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
  void halfOpenLetsOneTrialThroughAtATime() throws InterruptedException {
    CarrierGate gate = gate(Duration.ofMillis(50));
    gate.failed();
    gate.failed();
    Thread.sleep(80);

    assertTrue(gate.tryStart(), "the trial");
    assertFalse(gate.tryStart(), "a second batch while the trial is out");
    gate.succeeded();

    assertEquals(CarrierGate.State.CLOSED, gate.state());
    assertTrue(gate.tryStart());
    assertTrue(gate.tryStart());
  }

  @Test
  void aFailedTrialOpensTheCircuitAgain() throws InterruptedException {
    CarrierGate gate = gate(Duration.ofMillis(50));
    gate.failed();
    gate.failed();
    Thread.sleep(80);
    assertTrue(gate.tryStart());

    gate.failed();

    assertEquals(CarrierGate.State.OPEN, gate.state());
    assertFalse(gate.tryStart());
  }
}
