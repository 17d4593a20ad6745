package dev.waybill.support.claims;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the claim reminder API. */
public final class ClaimRequests {

  private ClaimRequests() {}

  @Schema(
      name = "OpenClaimReminder",
      description =
          "Opens a reminder to file a claim with the shipment's carrier. A shipment has at most one"
              + " live reminder: opening it again answers the existing one.")
  public record OpenClaim(
      @NotNull UUID shipmentId,
      @Schema(example = "Delivered but not received") @Size(max = 500) String reason,
      @Schema(
              description =
                  "When to show it on the watchlist; by default a few days before the deadline")
          LocalDate remindOn,
      @Schema(description = "Who opens it", example = "Dana") @Size(max = 200) String openedBy) {}

  @Schema(
      name = "UpdateClaimReminder",
      description =
          "Records that the claim was filed (with the carrier's reference) or closes the reminder."
              + " Repeating a change changes nothing more; a closed reminder stays closed.")
  public record UpdateClaim(
      @NotNull ClaimStatus status,
      @Schema(description = "The carrier's claim number; needed to mark it FILED")
          @Size(min = 1, max = 100)
          String claimReference) {}
}
