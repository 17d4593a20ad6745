package dev.waybill.insights.promises;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Delivery promises: when the model is rebuilt and how much history a prediction needs. */
@ConfigMapping(prefix = "waybill.promises")
public interface PromisesConfig {

  /** Whether this pod rebuilds the rollups on a schedule (one pod at a time does it). */
  @WithDefault("true")
  boolean rebuildEnabled();

  /** How often new deliveries are folded into the rollups. */
  @WithDefault("10m")
  Duration rebuildInterval();

  /** Deliveries a lane needs before its own history is used rather than a coarser level's. */
  @WithDefault("30")
  int minSamples();

  /** How long a pod keeps a store's model in memory before reading the rollups again. */
  @WithDefault("5m")
  Duration modelTtl();

  /** Whether shipments' estimates are recomputed as scans arrive. */
  @WithDefault("true")
  boolean estimatesEnabled();

  /**
   * Days of recent shipments the quantile levels are refitted on after every rebuild: the model
   * without their deliveries predicts them, delivered or still travelling, and each level is moved
   * until its date covers the nominal share.
   */
  @WithDefault("28")
  int calibrationDays();

  /**
   * Recency weighting of those shipments: one handed over this long before another counts half as
   * much, so a shift moves the levels within about a week.
   */
  @WithDefault("7d")
  Duration calibrationHalfLife();

  /**
   * Step γ of the online correction on top of the weighted fit (adaptive conformal inference):
   * after each business day of decided parcels a level moves by γ times that day's miss rate minus
   * the nominal one, so a shift is caught up within about 1/γ business days of its first dates
   * passing; 0 turns the correction off.
   */
  @WithDefault("0.3")
  double calibrationGain();

  /** Recent parcels needed at every level before calibrated levels replace the nominal ones. */
  @WithDefault("1000")
  int calibrationMinSamples();

  /** Rejected rows listed in an import's answer; the rest are only counted. */
  @WithDefault("100")
  int maxReportedErrors();
}
