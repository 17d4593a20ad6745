package dev.waybill.support.agents;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the agent admin API. */
public final class AgentRequests {

  private AgentRequests() {}

  @Schema(
      name = "AddAgent",
      description =
          "Invites a person to this store's support console, with a role in this store. They get"
              + " an email with a single-use link, set their own password there (or confirm the"
              + " one of the console account they have) and only then join the store.")
  public record AddAgent(
      @Schema(example = "dana@example.com") @NotBlank @Email @Size(max = 254) String email,
      @Schema(example = "Dana Scully") @NotBlank @Size(max = 200) String name,
      @Schema(
              deprecated = true,
              description =
                  "Not accepted: the person invited chooses their own password. Sending one is a"
                      + " 400.")
          @Null(message = "is chosen by the person invited, through the link they are emailed")
          String password,
      @Schema(defaultValue = "AGENT", description = "What they may do in this store")
          AgentRole role) {}
}
