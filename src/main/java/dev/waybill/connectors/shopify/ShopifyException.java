package dev.waybill.connectors.shopify;

import java.time.Duration;

/** A call to a shop's Admin API that failed as a whole; the kind decides what the import does. */
final class ShopifyException extends RuntimeException {

  enum Kind {
    /** The access token was refused (401/403, ACCESS_DENIED): only the merchant can fix it. */
    AUTH,
    /** Timeouts, 429 and 5xx that outlasted the retries: the import resumes later. */
    UNAVAILABLE,
    /** An answer that is not the orders listing asked for (GraphQL errors, not JSON). */
    MALFORMED
  }

  private final Kind kind;
  private final Duration retryAfter;

  ShopifyException(Kind kind, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  ShopifyException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  Kind kind() {
    return kind;
  }

  /** When Shopify asked to be called again, or null. */
  Duration retryAfter() {
    return retryAfter;
  }
}
