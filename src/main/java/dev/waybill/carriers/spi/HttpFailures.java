package dev.waybill.carriers.spi;

import dev.waybill.carriers.spi.CarrierException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** What an HTTP answer that isn't a success means for a caller that retries. */
public final class HttpFailures {

  private HttpFailures() {}

  /**
   * 401 and 403 are credentials ({@code AUTH}), 429 is a rate limit with its {@code Retry-After},
   * 5xx (and 408) are worth retrying ({@code UNAVAILABLE}), anything else is {@code MALFORMED}.
   */
  public static CarrierException of(int status, String retryAfter, String message, Clock clock) {
    if (status == 401 || status == 403) {
      return new CarrierException(Kind.AUTH, message);
    }
    if (status == 429) {
      return new CarrierException(Kind.RATE_LIMITED, message, retryAfter(retryAfter, clock), null);
    }
    if (status >= 500 || status == 408) {
      return new CarrierException(Kind.UNAVAILABLE, message);
    }
    return new CarrierException(Kind.MALFORMED, message);
  }

  /**
   * The {@code Retry-After} header as a duration: delay-seconds or an HTTP date; {@code null} when
   * absent or unreadable.
   */
  public static Duration retryAfter(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    if (value.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    try {
      Duration d =
          Duration.between(
              clock.instant(),
              ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A connection failure or timeout, as a retryable failure. */
  public static CarrierException unavailable(String who, Throwable cause) {
    return cause instanceof CarrierException ce
        ? ce
        : new CarrierException(Kind.UNAVAILABLE, who + ": " + cause.getMessage(), null, cause);
  }
}
