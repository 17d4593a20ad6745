package dev.waybill.support.agents;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the agent admin API. */
public final class AgentRequests {

  private AgentRequests() {}

  @Schema(
      name = "AddAgent",
      description =
          "Gives a person access to this store's support console, with a role in this store. An"
              + " agent who already exists keeps their password and their role in other stores.")
  public record AddAgent(
      @Schema(example = "dana@example.com") @NotBlank @Email @Size(max = 254) String email,
      @Schema(example = "Dana Scully") @NotBlank @Size(max = 200) String name,
      @Schema(description = "At least 12 characters; needed for a new agent")
          @Size(min = 12, max = 200)
          String password,
      @Schema(defaultValue = "AGENT", description = "What they may do in this store")
          AgentRole role) {}
}
