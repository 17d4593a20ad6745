package dev.waybill.pages;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The shopper-facing pages: lookup form, tracking page and help form. */
@ConfigMapping(prefix = "waybill.pages")
public interface PagesConfig {

  /**
   * The store whose lookup form {@code /track} shows when the request's host name is no store's
   * tracking domain. Handy for a single-store install; without it such requests get a 404 page.
   */
  Optional<String> defaultStore();

  /**
   * How often an open tracking page asks whether its order changed. Each check is a conditional
   * request answered from the cache, usually with 304. Zero turns live updates off.
   */
  @WithDefault("30s")
  Duration liveRefresh();

  /** Requests for help through the form. */
  HelpLimits help();

  interface HelpLimits {
    /** Requests for help per client address per window. */
    @WithDefault("10")
    int perClient();

    /** Requests for help about one order per window. */
    @WithDefault("5")
    int perOrder();

    /** The counting window. */
    @WithDefault("1h")
    Duration window();
  }
}
