package dev.waybill.carriers.sim;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The simulated carrier's server on a clock of the test's choosing, outside Quarkus. */
public final class SimClock {

  private SimClock() {}

  /** A server that sees the time {@code at}, playing journeys at {@code timeScale}. */
  public static SimCarrierServer serverAt(Instant at, double timeScale) {
    SimConfig config =
        (SimConfig)
            Proxy.newProxyInstance(
                SimConfig.class.getClassLoader(),
                new Class<?>[] {SimConfig.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("timeScale")) {
                    return timeScale;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return new SimCarrierServer(config, Clock.fixed(at, ZoneOffset.UTC));
  }
}
