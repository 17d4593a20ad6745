package dev.waybill.notifications.webhooks;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the webhook API returns. */
public final class WebhookViews {

  private WebhookViews() {}

  @Schema(name = "WebhookEndpoint")
  public record EndpointView(
      UUID id,
      String url,
      String description,
      List<String> eventTypes,
      boolean enabled,
      @Schema(description = "Set when Waybill disabled the endpoint after persistent failures")
          OffsetDateTime disabledAt,
      String disabledReason,
      int consecutiveFailures,
      @Schema(
              description =
                  "The signing secret (whsec_...). Returned when the endpoint is created and when"
                      + " the secret is rotated.")
          String secret,
      @Schema(description = "The previous secret's end of validity after a rotation")
          OffsetDateTime previousSecretExpiresAt,
      OffsetDateTime createdAt) {}

  @Schema(name = "WebhookDelivery")
  public record DeliveryView(
      UUID id,
      @Schema(description = "The event's cursor: replay from it with /replay") long cursor,
      String type,
      String status,
      int attempts,
      Integer lastStatus,
      String lastError,
      OffsetDateTime createdAt,
      OffsetDateTime deliveredAt,
      OffsetDateTime nextAttemptAt) {}

  @Schema(name = "WebhookReplay")
  public record ReplayView(
      @Schema(description = "Events queued for delivery again") int queued,
      @Schema(description = "The cursor of the last queued event") Long lastCursor) {}
}
