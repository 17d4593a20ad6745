package dev.waybill.platform.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkersOnlyTest {

  @Test
  void apiPodsSkipBackgroundWork() {
    assertTrue(new WorkersOnly(() -> Role.API).test(null));
    assertTrue(new WorkersOnly(() -> Role.MIGRATE).test(null));
  }

  @Test
  void workerAndAllInOnePodsRunIt() {
    assertFalse(new WorkersOnly(() -> Role.WORKER).test(null));
    assertFalse(new WorkersOnly(() -> Role.ALL).test(null));
  }
}
