package dev.waybill.carriers.seventeentrack;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * 17TRACK as an upstream: numbers are registered on a store's own 17TRACK account and 17TRACK
 * pushes their updates to {@code POST /webhooks/17track/{store}} (or, for one account shared by the
 * whole instance, {@code POST /webhooks/17track}).
 */
@ConfigMapping(prefix = "waybill.webhooks.seventeentrack")
public interface SeventeenTrackConfig {

  /**
   * The security key of an instance-wide 17TRACK account, for pushes to {@code POST
   * /webhooks/17track}. 17TRACK signs each push with it; stores' own accounts use their stored key
   * instead. Without it the instance-wide endpoint refuses every push.
   */
  Optional<String> secret();

  /** The 17TRACK API host. */
  @WithDefault("https://api.17track.net")
  String apiBaseUrl();

  /** How long one registration call may take, connection included. */
  @WithDefault("10s")
  Duration apiTimeout();
}
