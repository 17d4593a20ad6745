package dev.waybill.connectors;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the admin API shows of a connection: never a secret, at most its last four characters. */
public final class ConnectorViews {

  private ConnectorViews() {}

  @Schema(name = "Connector", description = "A store's connection to its shop platform")
  public record ConnectorView(
      @Schema(example = "shopify") String kind,
      @Schema(
              description =
                  "CONNECTED, UNINSTALLED (the shop removed the app; only its privacy webhooks are"
                      + " still taken) or DISCONNECTED")
          String state,
      @Schema(description = "Settings that are not secret, e.g. shopDomain")
          Map<String, String> settings,
      @Schema(description = "Each credential: whether it is set, never its value")
          List<CredentialView> credentials,
      @Schema(description = "Whether status changes are written back to the shop")
          boolean writeBack,
      @Schema(
              description = "The URL to paste into the shop's admin as every webhook's address",
              example = "https://track.example.com/connectors/shopify/webhooks")
          String webhookUrl,
      @Schema(description = "The webhook topics to subscribe to") List<String> webhookTopics,
      OffsetDateTime connectedAt,
      OffsetDateTime disconnectedAt,
      String disconnectReason,
      @Schema(description = "When the last webhook was applied") OffsetDateTime lastEventAt,
      @Schema(description = "How many webhooks have been applied") long eventsReceived,
      @Schema(description = "The last error, if any, with its time") String lastError,
      OffsetDateTime lastErrorAt,
      BackfillView backfill,
      InboxView inbox,
      @Schema(description = "Status changes written back to the shop, and how that goes")
          WriteBackView writeBackQueue) {}

  @Schema(name = "ConnectorCredential")
  public record CredentialView(
      @Schema(example = "webhookSecret") String field,
      boolean set,
      @Schema(description = "The last four characters of a long credential", example = "…9f3a")
          String hint,
      @Schema(
              description =
                  "False when the stored value no longer opens (its key was retired): enter it"
                      + " again")
          boolean readable) {}

  @Schema(name = "ConnectorBackfill", description = "The import of past orders")
  public record BackfillView(
      @Schema(description = "NONE, PENDING, RUNNING, DONE or FAILED") String state,
      @Schema(description = "Orders updated since then are imported") OffsetDateTime since,
      @Schema(description = "Orders imported so far") int imported,
      @Schema(description = "Whether a restart resumes from a stored page") boolean resumable,
      OffsetDateTime startedAt,
      OffsetDateTime finishedAt) {}

  @Schema(name = "ConnectorInbox", description = "Webhooks stored and not yet applied")
  public record InboxView(
      @Schema(description = "Due, or waiting to be retried") long pending,
      @Schema(description = "Unreadable; applied again by a replay once the cause is fixed")
          long parked) {}

  @Schema(
      name = "ConnectorWriteBack",
      description = "Status changes queued to be written back to the shop platform")
  public record WriteBackView(
      @Schema(description = "Queued, not tried yet") long pending,
      @Schema(description = "Tried and failed for now (5xx, 429, network); retried with backoff")
          long failed,
      @Schema(
              description =
                  "Refused by the platform or failed too often; sent again only by the retry"
                      + " action")
          long dead,
      @Schema(description = "Written") long sent,
      @Schema(description = "The latest write-back error, if any") String lastError,
      OffsetDateTime lastErrorAt) {}

  @Schema(name = "ConnectorWriteBackRetry")
  public record WriteBackRetryView(
      @Schema(description = "How many dead write-backs were made due again") int retried) {}

  @Schema(name = "ConnectorReplay")
  public record ReplayView(
      @Schema(description = "How many stored webhooks were made due again") int replayed) {}
}
