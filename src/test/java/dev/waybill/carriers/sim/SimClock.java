package dev.waybill.carriers.sim;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** The simulated carrier's server on a clock of the test's choosing, outside Quarkus. */
public final class SimClock {

  private SimClock() {}

  /** A server that sees the time {@code at}, playing journeys at {@code timeScale}. */
  public static SimCarrierServer serverAt(Instant at, double timeScale) {
    return serverAt(at, timeScale, 10_000, false);
  }

  /**
   * A server that sees the time {@code at}, remembers at most {@code maxRemembered} numbers, and
   * pushes (to a URL it never reaches) when {@code pushes}.
   */
  static SimCarrierServer serverAt(
      Instant at, double timeScale, int maxRemembered, boolean pushes) {
    SimConfig config =
        (SimConfig)
            Proxy.newProxyInstance(
                SimConfig.class.getClassLoader(),
                new Class<?>[] {SimConfig.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "timeScale":
                      return timeScale;
                    case "maxRemembered":
                      return maxRemembered;
                    case "webhookUrl":
                      return pushes
                          ? Optional.of("http://127.0.0.1:9/webhooks/waybill-sim")
                          : Optional.empty();
                    default:
                      break;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return new SimCarrierServer(config, Clock.fixed(at, ZoneOffset.UTC));
  }
}
