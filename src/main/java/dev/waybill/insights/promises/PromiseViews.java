package dev.waybill.insights.promises;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Response bodies of the promises API. */
public final class PromiseViews {

  private PromiseViews() {}

  @Schema(name = "Promises", description = "Delivery promises for an order placed now")
  public record Promises(
      @Schema(example = "DE") String country,
      @Schema(example = "10115") String destinationPostalCode,
      @Schema(description = "The destination region the model used", example = "DE:10")
          String region,
      @Schema(description = "The moment this promise was made") OffsetDateTime placedAt,
      @Schema(description = "The day the order is handed to the carrier") LocalDate handover,
      @Schema(description = "Order before this moment to keep this handover day")
          OffsetDateTime orderBy,
      List<Option> options) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "PromiseOption", description = "One carrier and service")
  public record Option(
      @Schema(example = "ups") String carrier,
      @Schema(example = "UPS") String carrierName,
      @Schema(example = "Ground") String service,
      @Schema(description = "The most likely delivery day (median)") LocalDate likely,
      @Schema(description = "Start of the window (10th percentile)") LocalDate earliest,
      @Schema(description = "End of the window (90th percentile)") LocalDate latest,
      @Schema(description = "A day 95% of deliveries make, for promises that must hold")
          LocalDate safe,
      TransitDays transitDays,
      Basis basis,
      @Schema(description = "The carrier's published range, when known") Published published) {}

  @Schema(name = "PromiseTransitDays", description = "Transit quantiles in business days")
  public record TransitDays(int p10, int p50, int p90, int p95) {}

  @Schema(name = "PromiseBasis", description = "What the dates rest on")
  public record Basis(
      @Schema(description = "lane, region, country or carrier", example = "region") String level,
      @Schema(description = "Only deliveries from the same season (peak or normal)")
          boolean seasonal,
      @Schema(description = "Only deliveries picked up on the same weekday") boolean weekday,
      @Schema(description = "Past deliveries behind the dates") long samples,
      @Schema(description = "HIGH, MEDIUM or LOW") Confidence confidence) {

    static Basis of(Prediction p) {
      return new Basis(
          p.level().value(), p.seasonal(), p.weekdaySpecific(), p.samples(), p.confidence());
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "PublishedRange", description = "The carrier's own 'n–m business days'")
  public record Published(Integer minDays, Integer maxDays) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "EstimateChange", description = "One revision of a shipment's estimate")
  public record EstimateChange(
      OffsetDateTime computedAt,
      @Schema(description = "The shipment's status when it was computed") String status,
      LocalDate likely,
      LocalDate earliest,
      LocalDate latest,
      LocalDate safe,
      @Schema(description = "The carrier's own estimate at that moment") LocalDate carrierEstimate,
      String level,
      Confidence confidence,
      int samples) {}

  /**
   * The quantile levels a store's dates are read at in one season, and when and on what they were
   * last recalibrated: why a date is where it is, for support.
   */
  public record CalibrationState(
      Season season,
      double p10,
      double p50,
      double p90,
      double p95,
      long samples,
      LocalDate windowStart,
      LocalDate windowEnd,
      OffsetDateTime calibratedAt) {

    /** The season's name as the console writes it. */
    public String seasonName() {
      return season == Season.PEAK ? "peak" : "normal";
    }

    /** Whether the levels differ from the nominal ones (0 samples: too few parcels yet). */
    public boolean calibrated() {
      return samples > 0;
    }
  }

  @Schema(name = "EstimateHistory")
  public record EstimateHistory(UUID shipmentId, List<EstimateChange> changes) {}

  @Schema(name = "HistoryImport", description = "What an import did")
  public record ImportResult(
      @Schema(description = "Data rows in the file") long rows,
      @Schema(description = "Rows added to the history") long imported,
      @Schema(description = "Valid rows that were there already") long duplicates,
      @Schema(description = "Rows skipped because they are invalid") long rejected,
      @Schema(description = "The first rejected rows, by line number") List<RowProblem> errors,
      Rebuild rebuild) {}

  @Schema(name = "HistoryRowProblem")
  public record RowProblem(long line, String message) {}

  @Schema(name = "PromiseRebuild", description = "What a rebuild folded into the rollups")
  public record Rebuild(long shipmentsAdded, long deliveriesFolded, Levels levels) {}

  @Schema(
      name = "PromiseLevels",
      description =
          "The quantile levels the dates are read at, fitted on a held-out recent slice of the"
              + " history so that each date covers its nominal share of parcels (10% before the"
              + " earliest date, 80% inside the window, 50% by the likely date, 95% by the safe"
              + " date); the nominal levels while the slice has too few parcels")
  public record Levels(
      @Schema(example = "0.115") double p10,
      @Schema(example = "0.405") double p50,
      @Schema(example = "0.835") double p90,
      @Schema(example = "0.92") double p95,
      @Schema(description = "Held-out parcels the levels were fitted on; 0 for the nominal levels")
          long samples) {}
}
