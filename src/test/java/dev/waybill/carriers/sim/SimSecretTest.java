package dev.waybill.carriers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.platform.config.ProductionSecrets.Finding;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A production pod with the simulated carrier on needs a webhook secret of its own. */
class SimSecretTest {

  private static SimConfig config(boolean enabled, String secret) {
    return (SimConfig)
        Proxy.newProxyInstance(
            SimConfig.class.getClassLoader(),
            new Class<?>[] {SimConfig.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "enabled" -> enabled;
                  case "webhookSecret" -> secret;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void theDefaultOrAnEmptySecretIsRefusedWhileTheSimulatedCarrierIsOn() {
    for (String weak : List.of(SimConfig.DEFAULT_WEBHOOK_SECRET, "", "short-sim-secret")) {
      List<Finding> found = SimWebhooks.findings(config(true, weak));
      assertEquals(1, found.size(), weak);
      assertEquals("waybill.carriers.sim.webhook-secret", found.get(0).property());
      assertTrue(found.get(0).toString().contains("WAYBILL_CARRIERS_SIM_WEBHOOK_SECRET"));
    }
  }

  @Test
  void aStrongSecretOrTheSimulatedCarrierOffPasses() {
    assertEquals(List.of(), SimWebhooks.findings(config(true, "q7Vx2mLc9TzR4wKb8Nd1Hf5Jp3Ys6Ga0")));
    assertEquals(List.of(), SimWebhooks.findings(config(false, SimConfig.DEFAULT_WEBHOOK_SECRET)));
  }
}
