package dev.waybill.insights.analytics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Delivery analytics: how the daily rollups are kept current and what the API accepts. */
@ConfigMapping(prefix = "waybill.analytics")
public interface AnalyticsConfig {

  /** Whether this pod runs the rollup job; any number may, one at a time does the work. */
  @WithDefault("true")
  boolean enabled();

  /** How often the rollup job looks for changed orders, shipments and cases. */
  @WithDefault("1m")
  Duration interval();

  /**
   * How far behind the watermark each run looks again, so rows written by transactions that
   * committed after the previous run had started are not missed. Recomputing a day is idempotent.
   */
  @WithDefault("2m")
  Duration overlap();

  /** A shipped parcel not delivered, returned or expired after this long counts as lost. */
  @WithDefault("30d")
  Duration lostAfter();

  /** Days recomputed per statement; bounds the work of one statement during a backfill. */
  @WithDefault("14")
  int batchDays();

  /** The longest period one analytics request may cover, in days. */
  @WithDefault("732")
  int maxPeriodDays();

  /** The period used when a request names none, in days, ending today. */
  @WithDefault("90")
  int defaultPeriodDays();

  /**
   * Rows a CSV export reads per query; each page is written as soon as it is read, so memory stays
   * bounded however many rows the export has. Each query aggregates the period again, so a page
   * holds most exports whole (a quarter by lane and week is about 5,500 rows).
   */
  @WithDefault("10000")
  int exportPageRows();

  /** How long the per-day page-view counters stay in Redis after their last increment. */
  @WithDefault("3d")
  Duration pageViewRetention();
}
