package dev.waybill.support;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the support API. */
public final class SupportRequests {

  private SupportRequests() {}

  @Schema(name = "UpdateSupportCase", description = "Fields left out stay as they are")
  public record UpdateCase(
      CaseStatus status,
      @Schema(example = "Dana (Tier 1)") @Size(max = 200) String assignee,
      @Schema(example = "Opened a trace with the carrier") @Size(min = 1, max = 4000) String note,
      @Schema(
              description =
                  "Ignored, and kept only so older clients' requests stay valid: a note is signed"
                      + " with the API key that adds it",
              deprecated = true)
          @Size(max = 200)
          String author) {}
}
