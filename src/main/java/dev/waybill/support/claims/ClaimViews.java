package dev.waybill.support.claims;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Response bodies of the claim reminder API. */
public final class ClaimViews {

  private ClaimViews() {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "ClaimReminder")
  public record ClaimReminder(
      UUID id,
      @Schema(example = "1001") String orderNumber,
      UUID shipmentId,
      @Schema(example = "ups") String carrier,
      String trackingNumber,
      ClaimStatus status,
      @Schema(description = "Why a claim is due", example = "Delivered but not received")
          String reason,
      @Schema(description = "The day the window is counted from: shipped, or created if unknown")
          LocalDate shippedOn,
      @Schema(description = "The last day to file the claim with the carrier") LocalDate fileBy,
      @Schema(description = "From this day the reminder shows on the watchlist") LocalDate remindOn,
      @Schema(description = "Whether the reminder is open and its remind-on day has come")
          boolean due,
      @Schema(description = "Whether the deadline has passed while the claim is still open")
          boolean overdue,
      @Schema(description = "The carrier's claim number, once filed", example = "1Z-CLM-55321")
          String claimReference,
      String openedBy,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt,
      OffsetDateTime filedAt,
      OffsetDateTime closedAt) {}

  @Schema(name = "ClaimReminderList")
  public record ClaimList(List<ClaimReminder> items) {}
}
