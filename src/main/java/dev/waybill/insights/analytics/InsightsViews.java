package dev.waybill.insights.analytics;

import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the analytics API returns. Rates are percentages with one decimal; null when undefined. */
public final class InsightsViews {

  private InsightsViews() {}

  /** The filters a figure was computed with, echoed back. */
  @Schema(name = "InsightsFilters")
  public record Filters(
      LocalDate from,
      LocalDate to,
      String carrier,
      String service,
      String country,
      String region) {}

  @Schema(name = "InsightsExceptions", description = "Exception and delay scans by who caused them")
  public record Exceptions(
      long carrier, long consignee, long customs, long forceMajeure, long retailer, long unknown) {

    public long total() {
      return carrier + consignee + customs + forceMajeure + retailer + unknown;
    }
  }

  @Schema(name = "InsightsMetrics")
  public record Metrics(
      @Schema(description = "Orders placed") long orders,
      @Schema(description = "Shipments created or shipped in the period") long shipments,
      long shipped,
      long delivered,
      @Schema(description = "Delivered before the promised date") long early,
      @Schema(description = "Delivered on the promised date") long onTime,
      @Schema(description = "Delivered after the promised date") long late,
      @Schema(description = "Delivered with neither a promise nor a carrier estimate")
          long noPromise,
      @Schema(description = "Early or on time, per 100 delivered with a promise") Double onTimeRate,
      @Schema(description = "Delivered without a promise, per 100 delivered") Double noPromiseRate,
      @Schema(description = "Order placed to shipped, median hours") Double processingP50Hours,
      Double processingP90Hours,
      Double processingMeanHours,
      @Schema(description = "Shipped to delivered, median days") Double transitP50Days,
      Double transitP90Days,
      Double transitMeanDays,
      @Schema(description = "Deliveries per transit bucket; see transitBuckets")
          List<Long> transitHistogram,
      long exceptionScans,
      @Schema(description = "Scans whose reason means 'late, still moving'") long delayScans,
      Exceptions exceptionsByParty,
      @Schema(description = "Shipments with an exception or delay scan, per 100 shipments")
          Double exceptionRate,
      @Schema(description = "Expired, lost by the carrier, or undelivered after lost-after")
          long lost,
      @Schema(description = "Lost per 100 shipped") Double lostRate,
      @Schema(description = "Support cases of the 'where is my order' kinds") long wismoCases,
      Double wismoPer100Orders,
      @Schema(description = "Tracking-page views; only without carrier, service or place filters")
          Long pageViews,
      Double pageViewsPer100Orders) {}

  @Schema(name = "InsightsSummary")
  public record Summary(Filters filters, Metrics metrics, List<String> transitBuckets) {}

  @Schema(name = "InsightsSeriesRow")
  public record SeriesRow(
      @Schema(description = "First day of the day, week (Monday) or month") LocalDate period,
      String carrier,
      String service,
      String country,
      String region,
      Metrics metrics) {}

  @Schema(name = "InsightsSeries")
  public record Series(
      Filters filters,
      List<String> groupBy,
      List<SeriesRow> rows,
      List<String> transitBuckets,
      @Schema(
              description =
                  "Null on the last page; otherwise pass it as 'cursor' (with the same"
                      + " parameters) for the next rows")
          String nextCursor) {}
}
