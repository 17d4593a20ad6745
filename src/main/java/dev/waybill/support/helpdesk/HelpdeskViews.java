package dev.waybill.support.helpdesk;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the help desk admin endpoints take and answer. */
public final class HelpdeskViews {

  private HelpdeskViews() {}

  @Schema(name = "SetHelpdesk")
  public record SetHelpdesk(
      @Schema(example = "zendesk", description = "zendesk or gorgias") @NotBlank String kind,
      @Schema(
              example = "northwind",
              description = "The account: <subdomain>.zendesk.com or <subdomain>.gorgias.com")
          @NotBlank
          @Pattern(
              regexp = "[a-z0-9][a-z0-9-]{0,62}",
              message = "must be the account's subdomain, e.g. northwind for northwind.zendesk.com")
          String subdomain,
      @Schema(
              example = "support@northwind.example",
              description = "The email of the help desk user the API token belongs to")
          @NotBlank
          @Email
          @Size(max = 254)
          String email,
      @Schema(
              description =
                  "Zendesk's API token or Gorgias's API key. Stored encrypted, never shown again;"
                      + " left out, the stored one is kept.")
          @Size(min = 8, max = 200)
          String apiToken,
      @Schema(description = "Tags every ticket gets, beside waybill") @Size(max = 10)
          List<
                  @NotNull
                  @Pattern(
                      regexp = "[A-Za-z0-9_:-]{1,40}",
                      message = "must be letters, digits, _, : or -, at most 40")
                  String>
              tags) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "Helpdesk", description = "The help desk the store's support cases go to")
  public record HelpdeskView(
      @Schema(example = "zendesk") String kind,
      String subdomain,
      String email,
      @Schema(description = "Whether an API token is stored; never its value") boolean apiTokenSet,
      @Schema(description = "The last four characters of a long token", example = "…9f3a")
          String apiTokenHint,
      List<String> tags,
      OffsetDateTime updatedAt,
      @Schema(description = "The latest ticket created") LastTicket lastTicket,
      @Schema(description = "Tickets waiting, failing, dead and sent") QueueView queue) {}

  @Schema(name = "HelpdeskTicket")
  public record LastTicket(
      String reference, String ticketId, String ticketUrl, OffsetDateTime sentAt) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "HelpdeskQueue")
  public record QueueView(
      @Schema(description = "Due, never failed") long pending,
      @Schema(description = "Failed at least once, to be retried") long failing,
      @Schema(description = "Refused or failed too often; sent again only by a retry") long dead,
      long sent,
      String lastError,
      OffsetDateTime lastErrorAt) {}

  @Schema(name = "HelpdeskRetry")
  public record RetryView(@Schema(description = "Dead tickets due again") int retried) {}
}
