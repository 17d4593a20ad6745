package dev.waybill.support.agents;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
    name = "Invitation",
    description =
        "An invitation to the store's support console, waiting for the person to accept it from"
            + " the link they were emailed")
public record InvitationView(
    UUID id,
    String email,
    String name,
    @Schema(description = "The role they get in this store when they accept") AgentRole role,
    @Schema(description = "PENDING until it expires; an expired invitation can be re-sent")
        Status status,
    OffsetDateTime createdAt,
    @Schema(description = "When the current link was sent") OffsetDateTime sentAt,
    @Schema(description = "When the current link stops working") OffsetDateTime expiresAt) {

  /** Where an invitation nobody has accepted yet stands. */
  public enum Status {
    PENDING,
    EXPIRED
  }

  /** Whether the link can still be used. */
  public boolean expired() {
    return status == Status.EXPIRED;
  }
}
