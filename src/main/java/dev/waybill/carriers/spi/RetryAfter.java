package dev.waybill.carriers.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code Retry-After} header (RFC 9110) as carriers send it. */
public final class RetryAfter {

  private RetryAfter() {}

  /**
   * Delay-seconds or an HTTP date, as a duration from now (never negative); {@code null} when
   * absent or unreadable.
   */
  public static Duration parse(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    if (value.matches("\\d{1,10}")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    try {
      Duration wait =
          Duration.between(
              clock.instant(),
              ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      return wait.isNegative() ? Duration.ZERO : wait;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
