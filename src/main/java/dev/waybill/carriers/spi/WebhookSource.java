package dev.waybill.carriers.spi;

import dev.waybill.shipping.TrackingReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sender of tracking pushes (a carrier or an aggregator) at {@code POST /webhooks/{name}}. The
 * endpoint stores a verified payload durably before answering 2xx; {@link #parse} runs later, from
 * the inbox, so it must be pure and repeatable.
 */
public interface WebhookSource {

  /** The path segment, such as {@code easypost}. */
  String name();

  /** Whether a secret is configured; without one every push is refused. */
  boolean enabled();

  /**
   * Checks the signature and freshness of a push, in the sender's documented way.
   *
   * @param headers request headers, names in lower case
   * @param body the raw body, exactly as received
   * @return the push's unique id (the sender's event id), used to refuse replays
   * @throws WebhookRejected when the signature is wrong or missing, or the push is stale
   */
  String verify(Map<String, String> headers, byte[] body, Instant now);

  /**
   * Checks a push sent to a store's own endpoint, signed with that store's {@code secret} (its
   * webhook secret, or the API key for a sender that signs with it), the same way as {@link
   * #verify(Map, byte[], Instant)}. A sender that only has one instance-wide account refuses it.
   */
  default String verify(Map<String, String> headers, byte[] body, Instant now, String secret) {
    throw new WebhookRejected(401, name() + " pushes are not taken per store");
  }

  /** The tracking updates in a stored push; empty when the push is about something else. */
  List<PushedUpdate> parse(String body);

  /** One parcel's news: Waybill's carrier code and the normalized result. */
  record PushedUpdate(String carrierCode, TrackingReport result) {}

  /** A push that must not be accepted. */
  final class WebhookRejected extends RuntimeException {
    private final int status;

    public WebhookRejected(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    /** 401 for signature problems and stale pushes, 400 for unreadable ones. */
    public int status() {
      return status;
    }
  }
}
