package dev.waybill.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo store that dev mode seeds, so a newcomer can try the API at once. */
@ConfigMapping(prefix = "waybill.demo")
public interface DemoConfig {

  /** Seed the demo store, its keys and orders at start (on in dev mode, off elsewhere). */
  @WithDefault("false")
  boolean enabled();

  /** The demo store's slug. */
  @WithDefault("demo")
  String slug();
}
