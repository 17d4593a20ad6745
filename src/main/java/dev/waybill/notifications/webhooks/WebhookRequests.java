package dev.waybill.notifications.webhooks;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the webhook API accepts. */
public final class WebhookRequests {

  private WebhookRequests() {}

  @Schema(name = "CreateWebhookEndpoint")
  public record CreateEndpoint(
      @Schema(example = "https://shop.example.com/hooks/waybill") @NotBlank @Size(max = 2048)
          String url,
      @Schema(example = "[\"shipment.status_changed\"]") @NotEmpty @Size(max = 10)
          List<@NotBlank String> eventTypes,
      @Size(max = 200) String description) {}

  @Schema(name = "UpdateWebhookEndpoint", description = "Every field is optional")
  public record UpdateEndpoint(
      @Size(max = 2048) String url,
      @Size(min = 1, max = 10) List<@NotBlank String> eventTypes,
      @Size(max = 200) String description,
      @Schema(description = "true re-enables an endpoint that was disabled after failures")
          Boolean enabled) {}

  @Schema(name = "ReplayWebhooks")
  public record Replay(
      @Schema(
              description =
                  "Re-send every subscribed event after this cursor (0 for all). Each delivery and"
                      + " event carries its cursor.")
          @NotNull
          @Min(0)
          Long since) {}
}
