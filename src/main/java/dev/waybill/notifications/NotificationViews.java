package dev.waybill.notifications;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the notification API accepts and returns. */
public final class NotificationViews {

  private NotificationViews() {}

  /** One message in an order's log: what, when, on which channel, and how it went. */
  @Schema(name = "NotificationLogEntry")
  public record LogEntry(
      UUID id,
      @Schema(example = "OUT_FOR_DELIVERY") String trigger,
      @Schema(example = "EMAIL") String channel,
      @Schema(
              description =
                  "PENDING (queued or retrying), SENT, DEAD (failed for good), SUPERSEDED (a later"
                      + " update replaced it), SKIPPED (unsubscribed, not opted in, or daily limit)")
          String status,
      UUID shipmentId,
      String recipient,
      String subject,
      int attempts,
      @Schema(description = "Why it failed, was skipped or replaced") String detail,
      OffsetDateTime createdAt,
      OffsetDateTime sentAt,
      @Schema(description = "Set when SMS quiet hours held it back until then")
          OffsetDateTime deferredUntil,
      @Schema(description = "When the next attempt is due, while pending")
          OffsetDateTime nextAttemptAt,
      @Schema(description = "Who wrote it, for a message a person sent (SUPPORT_REPLY)")
          String sentBy) {}

  @Schema(name = "NotificationPreference")
  public record PreferenceView(
      @Schema(example = "OUT_FOR_DELIVERY") @NotBlank String trigger,
      @NotNull Boolean email,
      @Schema(description = "Texts go only to shoppers who opted in to SMS on their order") @NotNull
          Boolean sms) {}

  @Schema(name = "NotificationPreferences")
  public record PreferencesView(
      @NotEmpty @Size(max = 20) List<@NotNull @Valid PreferenceView> triggers) {}

  @Schema(name = "NotificationPreviewRequest")
  public record PreviewRequest(
      @Schema(example = "OUT_FOR_DELIVERY") @NotBlank String trigger,
      @Schema(description = "Render with this order's data; sample data when left out")
          @Size(max = 64)
          String orderNumber,
      @Schema(
              description =
                  "Language: en, de, fr, es, nl or it; defaults to the order's or the store's")
          @Size(max = 16)
          String locale) {}

  @Schema(name = "NotificationPreview")
  public record Preview(
      String trigger, String locale, String subject, String html, String text, String sms) {}
}
