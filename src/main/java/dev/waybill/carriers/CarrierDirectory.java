package dev.waybill.carriers;

import dev.waybill.carriers.spi.CarrierAdapter;
import dev.waybill.orders.CarrierCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The carriers Waybill knows, and which of them a tracking number's format belongs to. */
@ApplicationScoped
public class CarrierDirectory implements CarrierCatalog {

  public static final String SIMULATED = "waybill-sim";

  private static final Map<String, CarrierInfo> CARRIERS = new LinkedHashMap<>();

  private final Map<String, CarrierInfo> carriers = new LinkedHashMap<>(CARRIERS);

  /** The built-in carriers only (for plain unit tests). */
  public CarrierDirectory() {}

  /** The built-in carriers plus every registered adapter, whose own description wins. */
  @jakarta.inject.Inject
  public CarrierDirectory(jakarta.enterprise.inject.Instance<CarrierAdapter> adapters) {
    for (CarrierAdapter a : adapters) {
      var c = a.capabilities();
      CarrierInfo builtIn = CARRIERS.get(c.code());
      carriers.put(
          c.code(),
          new CarrierInfo(
              c.code(),
              builtIn != null ? builtIn.name() : c.displayName(),
              c.trackingUrlTemplate() != null
                  ? c.trackingUrlTemplate()
                  : builtIn == null ? null : builtIn.trackingUrlTemplate()));
    }
  }

  static {
    add(new CarrierInfo("ups", "UPS", "https://www.ups.com/track?tracknum={trackingNumber}"));
    add(
        new CarrierInfo(
            "fedex", "FedEx", "https://www.fedex.com/fedextrack/?trknbr={trackingNumber}"));
    add(
        new CarrierInfo(
            "usps",
            "USPS",
            "https://tools.usps.com/go/TrackConfirmAction?tLabels={trackingNumber}"));
    add(
        new CarrierInfo(
            "dhl",
            "DHL",
            "https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id={trackingNumber}"));
    add(new CarrierInfo(SIMULATED, "Waybill Express (simulated)", null));
    // Tracked through a store's aggregator account (docs/carriers/README.md, "Aggregators as
    // upstream"): Waybill has no direct adapter for them.
    add(
        new CarrierInfo(
            "dpd", "DPD", "https://tracking.dpd.de/status/en_US/parcel/{trackingNumber}"));
    add(new CarrierInfo("gls", "GLS", "https://gls-group.com/track/{trackingNumber}"));
    add(
        new CarrierInfo(
            "postnl", "PostNL", "https://jouw.postnl.nl/track-and-trace/{trackingNumber}"));
    add(
        new CarrierInfo(
            "royal-mail",
            "Royal Mail",
            "https://www.royalmail.com/track-your-item#/tracking-results/{trackingNumber}"));
    add(new CarrierInfo("evri", "Evri", "https://www.evri.com/track/parcel/{trackingNumber}"));
    add(
        new CarrierInfo(
            "inpost", "InPost", "https://inpost.pl/sledzenie-przesylek?number={trackingNumber}"));
    add(
        new CarrierInfo(
            "canada-post",
            "Canada Post",
            "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor={trackingNumber}"));
    add(
        new CarrierInfo(
            "australia-post",
            "Australia Post",
            "https://auspost.com.au/mypost/track/details/{trackingNumber}"));
  }

  private static void add(CarrierInfo info) {
    CARRIERS.put(info.code(), info);
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

  public List<String> codes() {
    return List.copyOf(carriers.keySet());
  }

  /**
   * The carriers whose number format and check digit match, most likely first; empty or several
   * when it can't be told.
   */
  public List<String> detect(String trackingNumber) {
    return TrackingNumberFormats.candidates(trackingNumber);
  }
}
