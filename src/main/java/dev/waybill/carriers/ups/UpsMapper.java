package dev.waybill.carriers.ups;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the UPS Tracking API's answer ({@code GET /api/track/v1/details/{inquiryNumber}}). Pure
 * functions: no I/O, no state.
 */
public final class UpsMapper {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

  private static final Pattern OFFSET = Pattern.compile("([+-])(\\d{1,2}):?(\\d{2})?");

  /** deliveryTime types that give a window (estimated, confirmed, imminent). */
  private static final Set<String> WINDOWS = Set.of("EDW", "CDW", "IDW");

  /** A scan and whether UPS told us its UTC offset (rather than us falling back to UTC). */
  private record Scan(ReportedEvent event, boolean offsetKnown) {}

  private UpsMapper() {}

  /**
   * The result for one inquiry number, from a 200 answer. The API answers one number per call, so
   * the list always holds exactly one result.
   *
   * @throws CarrierException {@link CarrierException.Kind#MALFORMED} when the body isn't shaped as
   *     UPS documents it
   */
  public static List<TrackingReport> map(String trackingNumber, JsonNode body) {
    JsonNode shipments = body == null ? null : body.path("trackResponse").get("shipment");
    if (shipments == null || !shipments.isArray() || shipments.isEmpty()) {
      throw malformed("no trackResponse.shipment[]");
    }
    JsonNode shipment = pick(shipments, "inquiryNumber", trackingNumber);
    JsonNode packages = shipment.get("package");
    // UPS answers an unknown number with 200, a shipment without packages and warning TW0001.
    if (packages == null || packages.isNull() || (packages.isArray() && packages.isEmpty())) {
      return List.of(TrackingReport.notFound(trackingNumber));
    }
    if (!packages.isArray()) {
      throw malformed("shipment.package is not an array");
    }
    JsonNode pkg = pick(packages, "trackingNumber", trackingNumber);

    List<Scan> scans = scans(pkg.get("activity"));
    LocalDate estimated = estimatedDelivery(pkg.get("deliveryDate"));
    OffsetDateTime[] window = window(pkg, estimated, scans);
    return List.of(
        new TrackingReport(
            trackingNumber,
            true,
            scans.stream().map(Scan::event).toList(),
            estimated,
            window[0],
            window[1],
            text(pkg.path("service"), "description"),
            text(pkg.path("deliveryInformation"), "receivedBy"),
            null));
  }

  /**
   * Whether a 404 body is UPS's documented "tracking number information not found" answer ({@code
   * {"response":{"errors":[...]}}}) rather than, say, a gateway's page for a wrong URL.
   */
  public static boolean isNotFoundAnswer(JsonNode body) {
    JsonNode errors = body == null ? null : body.path("response").get("errors");
    return errors != null && errors.isArray() && !errors.isEmpty();
  }

  /** UPS's error codes and messages from an error body, for logs and exception messages. */
  public static String errors(JsonNode body) {
    JsonNode errors = body == null ? null : body.path("response").get("errors");
    if (errors == null || !errors.isArray() || errors.isEmpty()) {
      return "no error details";
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode error : errors) {
      parts.add(text(error, "code") + " " + text(error, "message"));
    }
    return String.join("; ", parts);
  }

  private static JsonNode pick(JsonNode array, String field, String trackingNumber) {
    String wanted = normalize(trackingNumber);
    for (JsonNode node : array) {
      if (wanted.equals(normalize(text(node, field)))) {
        return requireObject(node, field);
      }
    }
    // A multi-piece shipment lists its packages under the number asked; take the first.
    return requireObject(array.get(0), field);
  }

  private static JsonNode requireObject(JsonNode node, String what) {
    if (!node.isObject()) {
      throw malformed("an entry holding " + what + " is not an object");
    }
    return node;
  }

  private static List<Scan> scans(JsonNode activities) {
    if (activities == null || activities.isNull()) {
      return List.of();
    }
    if (!activities.isArray()) {
      throw malformed("package.activity is not an array");
    }
    List<Scan> scans = new ArrayList<>(activities.size());
    for (JsonNode activity : activities) {
      scans.add(scan(requireObject(activity, "activity")));
    }
    return scans;
  }

  private static Scan scan(JsonNode activity) {
    JsonNode status = activity.path("status");
    String type = text(status, "type");
    String statusCode = text(status, "statusCode");
    String code = codeFor(type, statusCode);
    StatusTable.Mapping mapping = UpsStatusTable.TABLE.map(code);

    LocalDate date = date(text(activity, "date"), "activity.date");
    if (date == null) {
      throw malformed("activity without a date");
    }
    LocalDateTime local = LocalDateTime.of(date, time(text(activity, "time"), "activity.time"));
    ZoneOffset offset = offset(activity, local);

    JsonNode address = activity.path("location").path("address");
    String country = text(address, "countryCode");
    ReportedEvent event =
        new ReportedEvent(
            local.atOffset(offset == null ? ZoneOffset.UTC : offset),
            mapping.status(),
            mapping.reason(),
            code,
            text(status, "description"),
            text(address, "city"),
            text(address, "stateProvince"),
            text(address, "postalCode"),
            country != null ? country : text(address, "country"),
            activity.toString());
    return new Scan(event, offset != null);
  }

  /**
   * The code that decides the event's status, and that is stored with it: the status description
   * code when the table knows it (it is the more precise), else the status type. A returned or
   * voided shipment keeps its type, though, so a "delivered" back at the shipper's never reads as
   * delivered to the shopper.
   */
  private static String codeFor(String type, String statusCode) {
    boolean typeDecides = "RS".equalsIgnoreCase(type) || "MV".equalsIgnoreCase(type);
    if (!typeDecides && UpsStatusTable.TABLE.knows(statusCode)) {
      return statusCode;
    }
    return type != null ? type : statusCode;
  }

  /**
   * The scan's UTC offset: {@code gmtOffset} when given, else the difference between the local and
   * the GMT date and time, else {@code null}.
   */
  private static ZoneOffset offset(JsonNode activity, LocalDateTime local) {
    String given = text(activity, "gmtOffset");
    if (given != null) {
      Matcher m = OFFSET.matcher(given);
      if (!m.matches()) {
        throw malformed("activity.gmtOffset " + given);
      }
      int sign = m.group(1).equals("-") ? -1 : 1;
      int hours = Integer.parseInt(m.group(2));
      int minutes = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
      try {
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
      } catch (DateTimeException e) {
        throw malformed("activity.gmtOffset " + given);
      }
    }
    LocalDate gmtDate = date(text(activity, "gmtDate"), "activity.gmtDate");
    String gmtTime = text(activity, "gmtTime");
    if (gmtDate == null || gmtTime == null) {
      return null;
    }
    long seconds =
        Duration.between(LocalDateTime.of(gmtDate, time(gmtTime, "activity.gmtTime")), local)
            .toSeconds();
    // Real offsets are whole quarter hours within ±18h; anything else is bad data, not a zone.
    if (seconds % 900 != 0 || Math.abs(seconds) > 18 * 3600) {
      return null;
    }
    return ZoneOffset.ofTotalSeconds((int) seconds);
  }

  /** The rescheduled delivery date if there is one, else the scheduled one. */
  private static LocalDate estimatedDelivery(JsonNode deliveryDates) {
    if (deliveryDates == null || deliveryDates.isNull()) {
      return null;
    }
    if (!deliveryDates.isArray()) {
      throw malformed("package.deliveryDate is not an array");
    }
    LocalDate scheduled = null;
    LocalDate rescheduled = null;
    for (JsonNode entry : deliveryDates) {
      String type = text(entry, "type");
      if ("RDD".equalsIgnoreCase(type)) {
        rescheduled = date(text(entry, "date"), "deliveryDate.date");
      } else if ("SDD".equalsIgnoreCase(type)) {
        scheduled = date(text(entry, "date"), "deliveryDate.date");
      }
    }
    return rescheduled != null ? rescheduled : scheduled;
  }

  /**
   * The delivery window. UPS gives its times in the destination's local time without an offset, so
   * the window is only filled when a scan in the destination's state (or country, where there are
   * no states) tells us that offset; an offset from elsewhere could shift it by hours.
   */
  private static OffsetDateTime[] window(JsonNode pkg, LocalDate day, List<Scan> scans) {
    OffsetDateTime[] none = {null, null};
    JsonNode deliveryTime = pkg.get("deliveryTime");
    if (day == null || deliveryTime == null || !deliveryTime.isObject()) {
      return none;
    }
    String type = text(deliveryTime, "type");
    boolean window = type != null && WINDOWS.contains(type.toUpperCase(Locale.ROOT));
    boolean commit = "CMT".equalsIgnoreCase(type);
    if (!window && !commit) {
      return none;
    }
    String startText = window ? text(deliveryTime, "startTime") : null;
    String endText = text(deliveryTime, "endTime");
    ZoneOffset offset = destinationOffset(pkg, scans);
    if (endText == null || offset == null) {
      return none;
    }
    OffsetDateTime start =
        startText == null
            ? null
            : LocalDateTime.of(day, time(startText, "deliveryTime.startTime")).atOffset(offset);
    OffsetDateTime end =
        LocalDateTime.of(day, time(endText, "deliveryTime.endTime")).atOffset(offset);
    return new OffsetDateTime[] {start, end};
  }

  private static ZoneOffset destinationOffset(JsonNode pkg, List<Scan> scans) {
    JsonNode destination = null;
    JsonNode addresses = pkg.get("packageAddress");
    if (addresses != null && addresses.isArray()) {
      for (JsonNode entry : addresses) {
        if ("DESTINATION".equalsIgnoreCase(text(entry, "type"))) {
          destination = entry.path("address");
        }
      }
    }
    if (destination == null) {
      return null;
    }
    String country = text(destination, "countryCode");
    String wantedCountry = country != null ? country : text(destination, "country");
    String wantedRegion = text(destination, "stateProvince");
    if (wantedCountry == null) {
      return null;
    }
    return scans.stream()
        .filter(Scan::offsetKnown)
        .map(Scan::event)
        .filter(e -> wantedCountry.equalsIgnoreCase(e.country()))
        .filter(e -> wantedRegion == null || wantedRegion.equalsIgnoreCase(e.region()))
        .max(Comparator.comparing(e -> e.occurredAt().toInstant()))
        .map(e -> e.occurredAt().getOffset())
        .orElse(null);
  }

  private static LocalDate date(String value, String field) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value, DATE);
    } catch (DateTimeParseException e) {
      throw malformed(field + " " + value);
    }
  }

  /** HHMMSS; UPS drops the leading zero in places ({@code gmtTime} "74700" is 07:47:00). */
  private static LocalTime time(String value, String field) {
    if (value == null) {
      return LocalTime.MIDNIGHT;
    }
    if (!value.matches("\\d{1,6}")) {
      throw malformed(field + " " + value);
    }
    int hhmmss = Integer.parseInt(value);
    try {
      return LocalTime.of(hhmmss / 10000, hhmmss / 100 % 100, hhmmss % 100);
    } catch (DateTimeException e) {
      throw malformed(field + " " + value);
    }
  }

  /** A field's trimmed text, or {@code null} when absent or blank (UPS pads some values). */
  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      return null;
    }
    String text = value.asText().trim();
    return text.isEmpty() ? null : text;
  }

  private static String normalize(String trackingNumber) {
    return trackingNumber == null ? "" : trackingNumber.replace(" ", "").toUpperCase(Locale.ROOT);
  }

  private static CarrierException malformed(String what) {
    return new CarrierException(CarrierException.Kind.MALFORMED, "UPS tracking answer: " + what);
  }
}
