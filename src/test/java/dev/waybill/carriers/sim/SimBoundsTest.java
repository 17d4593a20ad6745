package dev.waybill.carriers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The simulated carrier's memory stays bounded whatever numbers it is sent. */
class SimBoundsTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void numbersSentByAnyoneNeverGrowItsMemoryPastItsBound() {
    SimCarrierServer sim = SimClock.serverAt(NOW, 1, 100, true);
    for (int i = 0; i < 10_000; i++) {
      sim.track("SIM-ONTIME-" + i);
      assertTrue(sim.remembered() <= 100, "remembers " + sim.remembered() + " after " + i);
    }
  }

  @Test
  void aCarrierThatDoesNotPushRemembersOnlyFirstSightings() {
    SimCarrierServer sim = SimClock.serverAt(NOW, 1, 100, false);
    // Numbers with their start written in need no memory at all.
    for (int i = 0; i < 50; i++) {
      sim.track("SIM-ONTIME-T1764000000-" + i);
    }
    assertEquals(0, sim.remembered());
    sim.track("SIM-ONTIME-1");
    assertEquals(1, sim.remembered());
  }
}
