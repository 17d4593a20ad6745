package dev.waybill.connectors;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A store's connection to its shop platform, as stored: settings in the open, credentials only
 * sealed (open one with {@link Connections#secret}).
 *
 * @param externalKey what the platform's webhooks name the shop by (shop domain, site URL)
 * @param settings non-secret settings, e.g. {@code shopDomain}
 * @param sealed field name to sealed credential
 */
public record Connection(
    UUID id,
    UUID storeId,
    String kind,
    String externalKey,
    Map<String, String> settings,
    Map<String, String> sealed,
    State state,
    boolean writeBack,
    OffsetDateTime connectedAt,
    OffsetDateTime disconnectedAt,
    String disconnectReason,
    OffsetDateTime lastEventAt,
    long eventsReceived,
    String lastError,
    OffsetDateTime lastErrorAt,
    Backfill backfill) {

  /** Where a connection stands. */
  public enum State {
    /** Webhooks are applied, the import runs, status is written back if asked. */
    CONNECTED,
    /**
     * The platform says the app was removed: nothing more is imported or written back, but the
     * privacy webhooks that follow still verify, because the webhook secret is kept.
     */
    UNINSTALLED,
    /** An admin disconnected it: its credentials are gone and nothing of the shop is accepted. */
    DISCONNECTED
  }

  /** The import of past orders. */
  public enum BackfillState {
    NONE,
    PENDING,
    RUNNING,
    DONE,
    FAILED
  }

  /**
   * How far the import of past orders got.
   *
   * @param since the oldest update imported
   * @param cursor where the next page starts, null before the first page
   */
  public record Backfill(
      BackfillState state,
      OffsetDateTime since,
      String cursor,
      int imported,
      OffsetDateTime startedAt,
      OffsetDateTime finishedAt,
      int attempts) {}

  public boolean connected() {
    return state == State.CONNECTED;
  }

  /** The context a credential of this connection is sealed under. */
  public String context(String field) {
    return Connections.context(storeId, kind, field);
  }
}
