package dev.waybill.carriers;

import dev.waybill.carriers.spi.CarrierAdapter;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every carrier adapter, by code, with its gate. */
@ApplicationScoped
public class CarrierRegistry {

  private final Map<String, CarrierAdapter> adapters = new LinkedHashMap<>();
  private final Map<String, CarrierGate> gates = new LinkedHashMap<>();

  public CarrierRegistry(Instance<CarrierAdapter> all, PollerConfig config, Clock clock) {
    for (CarrierAdapter adapter : all) {
      String code = adapter.capabilities().code();
      adapters.put(code, adapter);
      gates.put(
          code,
          new CarrierGate(
              adapter.capabilities(), config.breakerFailures(), config.breakerOpen(), clock));
    }
  }

  void report(@Observes StartupEvent event) {
    List<String> on = new ArrayList<>();
    List<String> off = new ArrayList<>();
    adapters.forEach((code, a) -> (a.enabled() ? on : off).add(code));
    Log.infof("Carriers polled: %s; not configured: %s", on, off);
  }

  public Optional<CarrierAdapter> adapter(String code) {
    return Optional.ofNullable(adapters.get(code));
  }

  /** Codes of enabled carriers whose circuit lets calls through now. */
  public List<String> pollable() {
    List<String> codes = new ArrayList<>();
    adapters.forEach(
        (code, a) -> {
          if (a.enabled() && gates.get(code).allows()) {
            codes.add(code);
          }
        });
    return codes;
  }

  CarrierGate gate(String code) {
    return gates.get(code);
  }

  /** Each carrier's circuit state, for operators. */
  public Map<String, String> circuits() {
    Map<String, String> states = new LinkedHashMap<>();
    gates.forEach((code, g) -> states.put(code, g.state().name()));
    return states;
  }
}
