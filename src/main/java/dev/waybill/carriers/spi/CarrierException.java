package dev.waybill.carriers.spi;

import java.time.Duration;

/** A carrier call that failed as a whole. The kind decides whether and when to retry. */
public class CarrierException extends RuntimeException {

  /** Why the call failed. */
  public enum Kind {
    /** Credentials rejected: retrying won't help until someone fixes the configuration. */
    AUTH,
    /** Too many requests; {@link #retryAfter()} says when to try again. */
    RATE_LIMITED,
    /** Timeout, connection failure or a 5xx: worth retrying with backoff. */
    UNAVAILABLE,
    /** The carrier answered something we can't read. */
    MALFORMED
  }

  private final Kind kind;
  private final Duration retryAfter;

  public CarrierException(Kind kind, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public CarrierException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public Kind kind() {
    return kind;
  }

  /** When the carrier asked to be called again, or {@code null}. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public boolean retryable() {
    return kind == Kind.RATE_LIMITED || kind == Kind.UNAVAILABLE;
  }
}
