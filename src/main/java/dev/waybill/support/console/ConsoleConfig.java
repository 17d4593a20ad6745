package dev.waybill.support.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The support console. */
@ConfigMapping(prefix = "waybill.console")
public interface ConsoleConfig {

  /** How long a parcel on its way may go without a scan before the watchlist shows it. */
  @WithDefault("3d")
  Duration stuckAfter();

  /** How many entries the watchlist shows. */
  @WithDefault("50")
  int watchlistSize();
}
