package dev.waybill.carriers;

import dev.waybill.carriers.WebhookInbox.Entry;
import io.smallrye.mutiny.Uni;

/**
 * A reader of stored webhooks other than carriers' own, declared here so the inbox never imports
 * the features that read it: store platform connectors implement one per platform. The inbox
 * leases, retries and purges; the handler only applies one entry.
 */
public interface InboxHandler {

  /** The inbox source this handler reads (e.g. {@code shopify}). */
  String source();

  /**
   * Applies one stored entry. A failure is retried with backoff; an {@link Unreadable} one is
   * parked until replayed, since trying it again unchanged cannot help.
   */
  Uni<Void> handle(Entry entry);

  /** A payload this handler cannot read: parked, counted, and replayable after a fix. */
  final class Unreadable extends RuntimeException {
    public Unreadable(String message) {
      super(message, null, false, false);
    }
  }
}
