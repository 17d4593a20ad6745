package dev.waybill.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Quiet hours in the shopper's time zone, when texts wait for the morning. */
@ApplicationScoped
public class QuietHours {

  private final NotificationsConfig.QuietHours config;

  public QuietHours(NotificationsConfig config) {
    this.config = config.quietHours();
  }

  /** When quiet hours end, if it is quiet at {@code now} in the shopper's time zone; else null. */
  OffsetDateTime until(MessageContext ctx, OffsetDateTime now) {
    if (!config.enabled() || config.start().equals(config.end())) {
      return null;
    }
    ZoneId zone = zone(ctx.timeZone(), zone(ctx.store().timeZone(), ZoneOffset.UTC));
    ZonedDateTime local = now.atZoneSameInstant(zone);
    LocalTime t = local.toLocalTime();
    LocalDate day = local.toLocalDate();
    boolean overnight = config.start().isAfter(config.end());
    if (overnight) {
      if (!t.isBefore(config.start())) {
        return ZonedDateTime.of(day.plusDays(1), config.end(), zone).toOffsetDateTime();
      }
      if (t.isBefore(config.end())) {
        return ZonedDateTime.of(day, config.end(), zone).toOffsetDateTime();
      }
      return null;
    }
    if (!t.isBefore(config.start()) && t.isBefore(config.end())) {
      return ZonedDateTime.of(day, config.end(), zone).toOffsetDateTime();
    }
    return null;
  }

  private static ZoneId zone(String id, ZoneId fallback) {
    if (id == null || id.isBlank()) {
      return fallback;
    }
    try {
      return ZoneId.of(id);
    } catch (RuntimeException e) {
      return fallback;
    }
  }
}
