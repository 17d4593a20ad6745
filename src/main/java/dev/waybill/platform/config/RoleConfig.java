package dev.waybill.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The pod's role. */
@ConfigMapping(prefix = "waybill")
public interface RoleConfig {

  /** {@code all}, {@code api}, {@code worker} or {@code migrate} ({@code WAYBILL_ROLE}). */
  @WithDefault("all")
  Role role();
}
