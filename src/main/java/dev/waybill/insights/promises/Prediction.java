package dev.waybill.insights.promises;

import java.time.LocalDate;

/**
 * Delivery dates for one shipment or promise: the likely date (median), the window (10th to 90th
 * percentile) and the safe date (95th percentile), with what they rest on.
 *
 * @param weekdaySpecific whether only deliveries picked up on the same weekday were used
 * @param seasonal whether only deliveries from the same season (peak or normal) were used
 */
public record Prediction(
    LocalDate likely,
    LocalDate earliest,
    LocalDate latest,
    LocalDate safe,
    int p10Days,
    int p50Days,
    int p90Days,
    int p95Days,
    Level level,
    boolean seasonal,
    boolean weekdaySpecific,
    long samples,
    Confidence confidence) {

  /** Same dates and basis; used to record only real changes of an estimate. */
  public boolean sameDates(Prediction other) {
    return other != null
        && likely.equals(other.likely)
        && earliest.equals(other.earliest)
        && latest.equals(other.latest)
        && safe.equals(other.safe);
  }
}
