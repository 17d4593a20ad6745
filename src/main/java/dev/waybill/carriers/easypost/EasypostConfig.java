package dev.waybill.carriers.easypost;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * EasyPost tracking pushes at {@code POST /webhooks/easypost}: EasyPost sends an {@code Event} for
 * every {@code tracker.created} and {@code tracker.updated}, signed with the webhook secret set on
 * the EasyPost webhook. The source stays off, and refuses every push, until the secret is set, e.g.
 * through {@code WAYBILL_WEBHOOKS_EASYPOST_SECRET}.
 */
@ConfigMapping(prefix = "waybill.webhooks.easypost")
public interface EasypostConfig {

  /**
   * The {@code webhook_secret} given to EasyPost when the webhook was created or updated. EasyPost
   * signs each push with HMAC-SHA256 keyed by this secret (NFKD-normalized, UTF-8) and sends the
   * result in the {@code X-Hmac-Signature} header.
   */
  Optional<String> secret();

  /**
   * The oldest push accepted, measured from the event's {@code updated_at} (or {@code created_at})
   * to the time it arrives; pushes dated further in the future than this are refused too. The
   * timestamps belong to the event, not to the delivery: a retry of a failed delivery whose event
   * is older than this is refused as well.
   */
  // Longer than the sender's retry window (AfterShip: 14 attempts over about 68 hours), so a
  // retried push is still taken; replays inside the window are refused by their event id.
  @WithDefault("72h")
  Duration tolerance();

  /**
   * The API host trackers are registered at, for stores that name this aggregator as the upstream
   * of carriers Waybill has no direct adapter for.
   */
  @WithDefault("https://api.easypost.com")
  String apiBaseUrl();

  /** How long one registration call may take, connection included. */
  @WithDefault("10s")
  Duration apiTimeout();
}
