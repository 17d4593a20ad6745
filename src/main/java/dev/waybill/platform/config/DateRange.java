package dev.waybill.platform.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Refuses dates and times outside the years 1 to 9999 when JSON is read.
 *
 * <p>ISO 8601 parsers accept years up to a billion either way, and the database stores many of
 * them, but reading such a time back (for instance moved to a scan's own UTC offset) overflows: one
 * stored event would make its order unreadable on every later lookup.
 */
final class DateRange {

  static final int FIRST_YEAR = 1;
  static final int LAST_YEAR = 9999;

  private DateRange() {}

  static SimpleModule module() {
    SimpleModule module = new SimpleModule("waybill-date-range");
    module.setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public JsonDeserializer<?> modifyDeserializer(
              DeserializationConfig config, BeanDescription description, JsonDeserializer<?> d) {
            Class<?> type = description.getBeanClass();
            return type == OffsetDateTime.class
                    || type == ZonedDateTime.class
                    || type == Instant.class
                    || type == LocalDate.class
                    || type == LocalDateTime.class
                ? new Bounded(d)
                : d;
          }
        });
    return module;
  }

  static boolean inRange(Object value) {
    int year;
    if (value instanceof Instant instant) {
      if (instant.isBefore(Instant.parse("0001-01-01T00:00:00Z"))
          || instant.isAfter(Instant.parse("9999-12-31T23:59:59.999999999Z"))) {
        return false;
      }
      year = instant.atOffset(ZoneOffset.UTC).getYear();
    } else if (value instanceof TemporalAccessor temporal
        && temporal.isSupported(ChronoField.YEAR)) {
      year = temporal.get(ChronoField.YEAR);
    } else {
      return true;
    }
    return year >= FIRST_YEAR && year <= LAST_YEAR;
  }

  private static final class Bounded extends DelegatingDeserializer {

    Bounded(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new Bounded(delegate);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      Object value = super.deserialize(parser, context);
      if (value != null && !inRange(value)) {
        throw InvalidFormatException.from(
            parser,
            "must be a date between the years " + FIRST_YEAR + " and " + LAST_YEAR,
            value,
            handledType());
      }
      return value;
    }
  }
}
