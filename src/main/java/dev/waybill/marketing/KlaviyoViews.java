package dev.waybill.marketing;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the Klaviyo admin API accepts and returns. */
public final class KlaviyoViews {

  private KlaviyoViews() {}

  @Schema(name = "KlaviyoSettings")
  public record Settings(
      @Schema(
              description =
                  "A private API key (pk_…) with the events:write scope. Stored encrypted and never"
                      + " returned; left out, the stored key is kept.",
              example = "pk_0123456789abcdef0123456789abcdef01")
          @jakarta.validation.constraints.Size(max = 300)
          String privateApiKey,
      @Schema(
              description =
                  "The milestones to send: SHIPPED, OUT_FOR_DELIVERY, DELIVERED, DELAYED, EXCEPTION."
                      + " Left out, all of them.",
              example = "[\"SHIPPED\", \"DELIVERED\"]")
          @jakarta.validation.constraints.Size(max = 20)
          List<String> events) {}

  @Schema(name = "KlaviyoIntegration")
  public record IntegrationView(
      @Schema(description = "The last four characters of the stored key", example = "…ef01")
          String keyHint,
      @Schema(
              description =
                  "False when the stored key no longer opens (its encryption key was retired):"
                      + " enter it again")
          boolean keyReadable,
      @Schema(description = "The milestones sent") List<String> events,
      @Schema(
              description = "The Klaviyo metric each milestone is sent as, to start flows on",
              example = "{\"DELIVERED\": \"Waybill Shipment Delivered\"}")
          Map<String, String> metrics,
      QueueView queue,
      @Schema(description = "The latest failing and dead events, newest first")
          List<FailureView> recentFailures,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {}

  @Schema(name = "KlaviyoQueue")
  public record QueueView(
      @Schema(description = "Waiting for their first try") long pending,
      @Schema(description = "Failed and waiting to be tried again") long failing,
      @Schema(description = "Refused by Klaviyo or failed too often; POST …/klaviyo/retry")
          long dead,
      long sent,
      @Schema(
              description =
                  "Not sent: the order had no email or phone, or the milestone was dropped")
          long skipped,
      String lastError,
      OffsetDateTime lastErrorAt) {}

  @Schema(name = "KlaviyoFailure")
  public record FailureView(
      UUID id,
      String milestone,
      UUID shipmentId,
      @Schema(description = "The event's unique_id in Klaviyo") String uniqueId,
      @Schema(description = "PENDING (to be tried again) or DEAD") String state,
      int attempts,
      @Schema(description = "Klaviyo's HTTP status, when it answered") Integer lastStatus,
      String lastError,
      OffsetDateTime lastErrorAt,
      OffsetDateTime nextAttemptAt) {}

  @Schema(name = "KlaviyoRetry")
  public record RetryView(@Schema(description = "Dead events made due again") int retried) {}
}
