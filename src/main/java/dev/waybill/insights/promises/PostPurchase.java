package dev.waybill.insights.promises;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Set;

/**
 * A shipment's estimate from where it stands now rather than from its start: before pickup, from
 * the day it will be handed over; in transit, from the deliveries on its lane that had not arrived
 * after as many business days as it has travelled; at its destination depot or out for delivery,
 * from the local last mile.
 */
public final class PostPurchase {

  /** What is known about a shipment. Days are local to the store; regions as {@link Regions}. */
  public record Facts(
      String carrier,
      String service,
      String originRegion,
      String originCountry,
      String destinationRegion,
      String destinationCountry,
      String status,
      ZonedDateTime placedAt,
      LocalTime cutoff,
      int processingDays,
      LocalDate shipDate,
      LocalDate lastScanDate,
      String lastScanRegion,
      LocalDate today) {}

  private static final Set<String> FINAL =
      Set.of("DELIVERED", "RETURNED_TO_SENDER", "EXPIRED", "AVAILABLE_FOR_PICKUP");

  private PostPurchase() {}

  /** The estimate, or {@code null} when the parcel is done or nothing is known of its lane. */
  public static Prediction estimate(PromiseModel model, Facts f) {
    if (FINAL.contains(f.status()) || model.isEmpty()) {
      return null;
    }
    String country = f.destinationCountry();
    if (f.shipDate() == null) {
      String from = f.originCountry() == null ? country : f.originCountry();
      LocalDate handover = Handover.of(f.placedAt(), f.cutoff(), f.processingDays(), from);
      // Not handed over when it should have been: it can only go from today on.
      if (f.today().isAfter(handover)) {
        handover = f.today();
      }
      return model.predict(query(f, handover, 0));
    }
    LocalDate scan = f.lastScanDate() == null ? f.shipDate() : f.lastScanDate();
    int elapsed = BusinessCalendar.between(country, f.shipDate(), scan);
    Prediction p = model.predict(query(f, f.shipDate(), elapsed));
    if (p == null) {
      return null;
    }
    if ("OUT_FOR_DELIVERY".equals(f.status())) {
      LocalDate next = BusinessCalendar.plusBusinessDays(country, scan.plusDays(1), 0);
      return with(p, scan, scan, scan, next);
    }
    if ("DELIVERY_ATTEMPTED".equals(f.status())
        || (f.destinationRegion() != null
            && Objects.equals(f.destinationRegion(), f.lastScanRegion()))) {
      // At the local depot, or after a failed attempt: the next business day, usually.
      LocalDate next = BusinessCalendar.plusBusinessDays(country, scan, 1);
      LocalDate after = BusinessCalendar.plusBusinessDays(country, scan, 2);
      return with(p, next, next, next, after);
    }
    return p;
  }

  private static PromiseModel.Query query(Facts f, LocalDate handover, int elapsed) {
    return new PromiseModel.Query(
        f.carrier(),
        f.service(),
        f.originRegion(),
        f.destinationRegion(),
        f.destinationCountry(),
        handover,
        elapsed);
  }

  private static Prediction with(
      Prediction p, LocalDate likely, LocalDate earliest, LocalDate latest, LocalDate safe) {
    return new Prediction(
        likely,
        earliest,
        latest,
        safe,
        p.p10Days(),
        p.p50Days(),
        p.p90Days(),
        p.p95Days(),
        p.level(),
        p.seasonal(),
        p.weekdaySpecific(),
        p.samples(),
        p.confidence());
  }
}
