package dev.waybill.connectors.woocommerce;

import java.time.Duration;

/** A call to a store's REST API that failed as a whole; the kind decides whether to retry. */
public final class WooException extends RuntimeException {

  /** Why the call failed. */
  public enum Kind {
    /** The consumer key was refused (401/403): retrying won't help until the merchant fixes it. */
    AUTH,
    /** Too many requests (429); {@link #retryAfter()} says when to try again. */
    RATE_LIMITED,
    /** Timeout, connection failure or a 5xx: worth retrying later. */
    UNAVAILABLE,
    /** The site answered something that is not the REST API (a 404, HTML, a security plugin). */
    MALFORMED
  }

  private final Kind kind;
  private final Duration retryAfter;

  public WooException(Kind kind, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public WooException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public Kind kind() {
    return kind;
  }

  /** When the site asked to be called again, or {@code null}. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
