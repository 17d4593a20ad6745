package dev.waybill.carriers;

import dev.waybill.carriers.spi.CarrierAdapter;
import dev.waybill.orders.CarrierCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The carriers Waybill knows: every carrier of the catalogue ({@link CarrierCatalogue}), polled or
 * not, plus any adapter the catalogue doesn't list (the simulated carrier); and which of them a
 * tracking number's format belongs to.
 */
@ApplicationScoped
public class CarrierDirectory implements CarrierCatalog {

  public static final String SIMULATED = "waybill-sim";

  private final CarrierCatalogue catalogue;
  private final Map<String, CarrierInfo> carriers = new LinkedHashMap<>();
  private final Set<String> adapters = new LinkedHashSet<>();

  /** The catalogue's carriers only (for plain unit tests). */
  public CarrierDirectory() {
    this(CarrierCatalogue.load(), List.of());
  }

  /** The catalogue's carriers plus every registered adapter. */
  @Inject
  public CarrierDirectory(Instance<CarrierAdapter> adapters) {
    this(CarrierCatalogue.load(), adapters);
  }

  CarrierDirectory(CarrierCatalogue catalogue, Iterable<CarrierAdapter> registered) {
    this.catalogue = catalogue;
    for (CarrierCatalogue.Entry e : catalogue.entries()) {
      carriers.put(e.code(), e.info());
    }
    for (CarrierAdapter a : registered) {
      var c = a.capabilities();
      adapters.add(c.code());
      // The catalogue's name and link win, so every page and message shows the same carrier.
      carriers.putIfAbsent(
          c.code(), new CarrierInfo(c.code(), c.displayName(), c.trackingUrlTemplate()));
    }
  }

  public CarrierCatalogue catalogue() {
    return catalogue;
  }

  @Override
  public Optional<String> codeOf(String carrier) {
    return find(carrier).map(CarrierInfo::code);
  }

  public Optional<CarrierInfo> find(String code) {
    return code == null
        ? Optional.empty()
        : Optional.ofNullable(carriers.get(code.toLowerCase(Locale.ROOT)));
  }

  /** The info for a stored carrier code; unknown codes are shown as they are. */
  public CarrierInfo info(String code) {
    return find(code).orElseGet(() -> new CarrierInfo(code, code.toUpperCase(Locale.ROOT), null));
  }

  @Override
  public List<String> codes() {
    return List.copyOf(carriers.keySet());
  }

  @Override
  public boolean polls(String code) {
    return code != null && adapters.contains(code.toLowerCase(Locale.ROOT));
  }

  /**
   * The carriers a number can belong to, most likely first: those Waybill's own rules recognise
   * ({@link TrackingNumberFormats}), then catalogue carriers whose format and check digit it
   * passes, then those whose format alone it has (they publish no check digit). A simulated number
   * belongs to the simulated carrier alone.
   */
  @Override
  public List<Candidate> candidates(String trackingNumber) {
    if (trackingNumber == null) {
      return List.of();
    }
    List<Candidate> found = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String code : TrackingNumberFormats.candidates(trackingNumber)) {
      if (code.equals(SIMULATED)) {
        return List.of(new Candidate(code, Confidence.HIGH));
      }
      seen.add(code);
      found.add(new Candidate(code, Confidence.HIGH));
    }
    String number = TrackingNumberFormats.normalize(trackingNumber);
    List<Candidate> formatOnly = new ArrayList<>();
    for (CarrierCatalogue.Entry e : catalogue.entries()) {
      if (seen.contains(e.code()) || TrackingNumberFormats.CODES.contains(e.code())) {
        continue;
      }
      Confidence best = null;
      for (CarrierCatalogue.NumberFormat f : e.formats()) {
        if (f.passes(number)) {
          best = f.check() == CheckDigit.NONE ? Confidence.LOW : Confidence.MEDIUM;
          if (best == Confidence.MEDIUM) {
            break;
          }
        }
      }
      if (best == Confidence.MEDIUM) {
        found.add(new Candidate(e.code(), best));
      } else if (best == Confidence.LOW) {
        formatOnly.add(new Candidate(e.code(), best));
      }
    }
    found.addAll(formatOnly);
    return List.copyOf(found);
  }
}
