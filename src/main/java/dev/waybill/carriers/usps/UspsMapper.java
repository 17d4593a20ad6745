package dev.waybill.carriers.usps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.CarrierException.Kind;
import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure functions from USPS Tracking 3.0 answers ({@code GET /tracking/v3/tracking/{number}
 * ?expand=DETAIL}) to {@link TrackingReport}s. No I/O.
 */
public final class UspsMapper {

  /**
   * The tracking API's own error codes (USPS error inventory, 400 BAD_REQUEST on {@code
   * /tracking/v3/tracking/}) that all mean "USPS has nothing to show for this number": unknown or
   * mistyped, not scanned yet, another carrier's number, a pickup confirmation number, or tracking
   * withheld. 150005 belongs to the notifications endpoint and is left out.
   */
  static final Set<String> UNKNOWN_NUMBER_CODES =
      Set.of(
          "150001", "150002", "150003", "150004", "150006", "150007", "150008", "150009", "150010",
          "150011", "150012", "150013");

  private static final Pattern OFFSET =
      Pattern.compile("^(?:GMT|UTC)?\\s*([+-])?(\\d{1,2})(?::?(\\d{2}))?$");
  private static final Pattern ISO_DATE_PREFIX = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}).*");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(\\d+);");

  // The window times are plain strings in the spec; both clock styles are accepted.
  private static final List<DateTimeFormatter> CLOCK_TIMES =
      List.of(
          DateTimeFormatter.ISO_LOCAL_TIME,
          new DateTimeFormatterBuilder()
              .parseCaseInsensitive()
              .appendPattern("h:mm[:ss][ ]a")
              .toFormatter(Locale.US));

  private UspsMapper() {}

  /**
   * Maps one tracking call: a 200 body, or the error body of a 400 or 404.
   *
   * @throws CarrierException {@link Kind#MALFORMED} when the body can't be read, or a 400 is not
   *     one of the tracking API's unknown-number errors
   */
  public static List<TrackingReport> map(String trackingNumber, int httpStatus, JsonNode body) {
    if (httpStatus == 200) {
      return map(trackingNumber, body);
    }
    if (isUnknownNumber(httpStatus, body)) {
      return List.of(TrackingReport.notFound(trackingNumber));
    }
    throw malformed(
        "USPS rejected the tracking request (HTTP " + httpStatus + "): " + errorMessage(body));
  }

  /** Maps the 200 body of a DETAIL tracking call. */
  public static List<TrackingReport> map(String trackingNumber, JsonNode details) {
    if (details == null || !details.isObject()) {
      throw malformed("USPS tracking answer is not a JSON object");
    }
    if (details.path("error").isObject()) {
      // Not documented for 200, but an error body is never tracking data.
      return map(trackingNumber, 400, details);
    }
    JsonNode eventNodes = details.path("trackingEvents");
    if (!eventNodes.isMissingNode() && !eventNodes.isNull() && !eventNodes.isArray()) {
      throw malformed("USPS trackingEvents is not an array");
    }
    List<Parsed> parsed = new ArrayList<>();
    for (JsonNode node : eventNodes) {
      parsed.add(event(node));
    }
    List<ReportedEvent> events = parsed.stream().map(Parsed::event).toList();

    LocalDate eta =
        firstDate(
            details,
            "expectedDeliveryTimeStamp",
            "predictedDeliveryDate",
            "expectedDeliveryDate",
            "guaranteedDeliveryTimeStamp");
    LocalDate windowDate = firstDate(details, "predictedDeliveryDate");
    if (windowDate == null) {
      windowDate = eta;
    }
    ZoneOffset destination = destinationOffset(text(details, "destinationZIP"), parsed);
    OffsetDateTime windowStart =
        windowTime(windowDate, text(details, "predictedDeliveryWindowStartTime"), destination);
    OffsetDateTime windowEnd =
        windowTime(windowDate, text(details, "predictedDeliveryWindowEndTime"), destination);
    if (windowStart != null && windowEnd != null && windowEnd.isBefore(windowStart)) {
      windowStart = null;
      windowEnd = null;
    }

    return List.of(
        new TrackingReport(
            trackingNumber,
            true,
            events,
            eta,
            windowStart,
            windowEnd,
            cleanText(text(details, "mailClass")),
            signedBy(parsed),
            null));
  }

  /**
   * Whether an error answer means USPS doesn't know the number: a 404, or a 400 carrying one of
   * {@link #UNKNOWN_NUMBER_CODES}.
   */
  public static boolean isUnknownNumber(int httpStatus, JsonNode errorBody) {
    if (httpStatus == 404) {
      return true;
    }
    if (httpStatus != 400 || errorBody == null) {
      return false;
    }
    JsonNode error = errorBody.path("error");
    if (UNKNOWN_NUMBER_CODES.contains(error.path("code").asText())) {
      return true;
    }
    for (JsonNode detail : error.path("errors")) {
      if (UNKNOWN_NUMBER_CODES.contains(detail.path("code").asText())) {
        return true;
      }
    }
    return false;
  }

  /** The human-readable part of a USPS error body, for logs and exception messages. */
  static String errorMessage(JsonNode body) {
    if (body == null) {
      return "(no body)";
    }
    JsonNode error = body.path("error");
    StringBuilder message = new StringBuilder();
    append(message, text(error, "code"));
    append(message, text(error, "message"));
    for (JsonNode detail : error.path("errors")) {
      append(message, text(detail, "code"));
      append(message, text(detail, "title"));
      append(message, text(detail, "detail"));
    }
    return message.isEmpty() ? "(no error details)" : message.toString();
  }

  private record Parsed(ReportedEvent event, ZoneOffset knownOffset, String zip, String name) {}

  private static Parsed event(JsonNode node) {
    if (!node.isObject()) {
      throw malformed("USPS tracking event is not a JSON object");
    }
    String offsetText = text(node, "GMTOffset");
    ZoneOffset offset = offsetText == null ? null : offset(offsetText);
    String code = text(node, "eventCode");
    StatusTable.Mapping mapping = UspsStatusTable.TABLE.map(code);
    String zip = text(node, "eventZIP");
    ReportedEvent event =
        new ReportedEvent(
            occurredAt(node, offset),
            mapping.status(),
            mapping.reason(),
            code,
            text(node, "eventType"),
            text(node, "eventCity"),
            text(node, "eventState"),
            zip,
            text(node, "eventCountry"),
            node.toString());
    return new Parsed(event, offset, zip, text(node, "name"));
  }

  /**
   * When an event happened, at the event's own UTC offset. {@code GMTTimestamp} is the instant and
   * {@code GMTOffset} the local offset; {@code eventTimestamp} is the local wall-clock time, which
   * USPS writes with a {@code Z} although it isn't UTC, so it is only read as UTC when nothing else
   * is given.
   */
  static OffsetDateTime occurredAt(JsonNode node, ZoneOffset offset) {
    String gmt = text(node, "GMTTimestamp");
    String local = text(node, "eventTimestamp");
    try {
      if (gmt != null) {
        return instant(gmt).atOffset(offset != null ? offset : ZoneOffset.UTC);
      }
      if (local != null && offset != null) {
        return LocalDateTime.from(DateTimeFormatter.ISO_DATE_TIME.parse(local)).atOffset(offset);
      }
      if (local != null) {
        return asGiven(local);
      }
    } catch (DateTimeException e) {
      throw new CarrierException(Kind.MALFORMED, "USPS event time can't be read: " + node, null, e);
    }
    throw malformed("USPS event has no time: " + node);
  }

  /** Reads {@code GMTOffset}: the spec's example is {@code -7:00}, so hours may have one digit. */
  static ZoneOffset offset(String text) {
    if (text.equalsIgnoreCase("Z")) {
      return ZoneOffset.UTC;
    }
    Matcher m = OFFSET.matcher(text.trim());
    if (!m.matches()) {
      throw malformed("USPS GMTOffset can't be read: " + text);
    }
    int hours = Integer.parseInt(m.group(2));
    int minutes = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    int sign = "-".equals(m.group(1)) ? -1 : 1;
    try {
      return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    } catch (DateTimeException e) {
      throw new CarrierException(Kind.MALFORMED, "USPS GMTOffset out of range: " + text, null, e);
    }
  }

  private static Instant instant(String text) {
    TemporalAccessor parsed =
        DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
    return parsed instanceof OffsetDateTime odt
        ? odt.toInstant()
        : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
  }

  private static OffsetDateTime asGiven(String text) {
    TemporalAccessor parsed =
        DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
    return parsed instanceof OffsetDateTime odt
        ? odt
        : ((LocalDateTime) parsed).atOffset(ZoneOffset.UTC);
  }

  /**
   * The first of the fields that holds a date. Only the calendar date is kept: USPS writes local
   * dates with a {@code Z}, and shifting them to UTC could move them a day.
   */
  private static LocalDate firstDate(JsonNode details, String... fields) {
    for (String field : fields) {
      String value = text(details, field);
      if (value == null) {
        continue;
      }
      Matcher m = ISO_DATE_PREFIX.matcher(value);
      if (m.matches()) {
        try {
          return LocalDate.parse(m.group(1));
        } catch (DateTimeException e) {
          // An unreadable estimate is no estimate; try the next field.
        }
      }
    }
    return null;
  }

  /**
   * The destination's UTC offset, taken from the latest event scanned in the destination ZIP Code.
   * The delivery window carries no offset of its own, and an event elsewhere may be in another time
   * zone, so without such an event there is no window.
   */
  private static ZoneOffset destinationOffset(String destinationZip, List<Parsed> events) {
    String destination = zip5(destinationZip);
    if (destination == null) {
      return null;
    }
    Parsed latest = null;
    for (Parsed p : events) {
      if (p.knownOffset() != null
          && destination.equals(zip5(p.zip()))
          && (latest == null || p.event().occurredAt().isAfter(latest.event().occurredAt()))) {
        latest = p;
      }
    }
    return latest == null ? null : latest.knownOffset();
  }

  private static OffsetDateTime windowTime(LocalDate date, String time, ZoneOffset offset) {
    if (date == null || time == null || offset == null) {
      return null;
    }
    for (DateTimeFormatter format : CLOCK_TIMES) {
      try {
        return LocalTime.parse(time.trim().toUpperCase(Locale.ROOT), format)
            .atDate(date)
            .atOffset(offset);
      } catch (DateTimeException e) {
        // Try the next clock style.
      }
    }
    return null;
  }

  /** Who signed for the latest delivery, if USPS names someone. */
  private static String signedBy(List<Parsed> events) {
    Parsed latest = null;
    for (Parsed p : events) {
      if (p.event().status() == TrackingStatus.DELIVERED
          && p.name() != null
          && (latest == null || p.event().occurredAt().isAfter(latest.event().occurredAt()))) {
        latest = p;
      }
    }
    return latest == null ? null : latest.name();
  }

  /** USPS puts HTML in some texts, e.g. {@code Priority Mail<SUP>&#174;</SUP>}. */
  static String cleanText(String text) {
    if (text == null) {
      return null;
    }
    String plain =
        TAG.matcher(text)
            .replaceAll("")
            .replace("&reg;", "\u00ae")
            .replace("&trade;", "\u2122")
            .replace("&nbsp;", " ");
    Matcher m = NUMERIC_ENTITY.matcher(plain);
    StringBuilder decoded = new StringBuilder();
    while (m.find()) {
      int codePoint = Integer.parseInt(m.group(1));
      String replacement =
          Character.isValidCodePoint(codePoint) ? Character.toString(codePoint) : "";
      m.appendReplacement(decoded, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(decoded);
    String result = decoded.toString().replace("&amp;", "&").replaceAll("\\s+", " ").trim();
    return result.isEmpty() ? null : result;
  }

  private static String zip5(String zip) {
    if (zip == null) {
      return null;
    }
    String digits = zip.trim();
    return digits.length() >= 5 ? digits.substring(0, 5) : null;
  }

  /** A field's text, or {@code null} when it is missing, null or blank. */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      return null;
    }
    String text = value.asText().trim();
    return text.isEmpty() ? null : text;
  }

  private static void append(StringBuilder message, String part) {
    if (part != null) {
      if (!message.isEmpty()) {
        message.append(" - ");
      }
      message.append(part);
    }
  }

  private static CarrierException malformed(String message) {
    return new CarrierException(Kind.MALFORMED, message);
  }
}
