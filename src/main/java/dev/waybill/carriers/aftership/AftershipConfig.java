package dev.waybill.carriers.aftership;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * AfterShip Tracking pushes at {@code POST /webhooks/aftership}: AfterShip posts a {@code
 * tracking_update} (and {@code edd_revise}) webhook with the whole tracking, signed with the
 * account's webhook secret. The source stays off, and refuses every push, until the secret is set,
 * e.g. through {@code WAYBILL_WEBHOOKS_AFTERSHIP_SECRET}.
 */
@ConfigMapping(prefix = "waybill.webhooks.aftership")
public interface AftershipConfig {

  /**
   * The webhook secret from AfterShip's admin (Settings, Webhooks). AfterShip signs each push with
   * HMAC-SHA256 keyed by this secret and sends the Base64 result in the {@code
   * aftership-hmac-sha256} header.
   */
  Optional<String> secret();

  /**
   * The oldest push accepted, measured from its {@code ts} (when the event occurred, in epoch
   * seconds) to the time it arrives; pushes dated further in the future than this are refused too.
   * {@code ts} belongs to the event, not to the delivery: AfterShip retries a failed delivery for
   * days, and a retry whose event is older than this is refused as well.
   */
  // Longer than the sender's retry window (AfterShip: 14 attempts over about 68 hours), so a
  // retried push is still taken; replays inside the window are refused by their event id.
  @WithDefault("72h")
  Duration tolerance();

  /**
   * The API host trackers are registered at, for stores that name this aggregator as the upstream
   * of carriers Waybill has no direct adapter for.
   */
  @WithDefault("https://api.aftership.com")
  String apiBaseUrl();

  /** The AfterShip Tracking API version in the path of its calls. */
  @WithDefault("2025-01")
  String apiVersion();

  /** How long one registration call may take, connection included. */
  @WithDefault("10s")
  Duration apiTimeout();
}
