package dev.waybill.insights.delays;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Finding late shipments before the shopper asks. */
@ConfigMapping(prefix = "waybill.delays")
public interface DelaysConfig {

  /** Whether this pod looks for late shipments (worker pods only, in any case). */
  @WithDefault("true")
  boolean enabled();

  /** How often shipments are checked. */
  @WithDefault("1m")
  Duration interval();

  /** How often each lane's normal gap between scans is learned again. */
  @WithDefault("1h")
  Duration learnInterval();

  /** How far back delivered shipments teach a lane's gap between scans. */
  @WithDefault("90d")
  Duration lookback();

  /** Gaps a lane needs before its own 95th percentile is trusted. */
  @WithDefault("20")
  int minSamples();

  /** The silence that counts as late on a lane with too little history. */
  @WithDefault("48h")
  Duration defaultGap();

  /** Shipments flagged or cleared per transaction. */
  @WithDefault("500")
  int batchSize();
}
