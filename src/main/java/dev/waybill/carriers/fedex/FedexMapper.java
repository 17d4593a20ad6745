package dev.waybill.carriers.fedex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a FedEx Track API answer into {@link TrackingReport}s. Pure: no I/O, no state. */
public final class FedexMapper {

  private FedexMapper() {}

  /**
   * One result per requested number. A number FedEx reports with an error (such as {@code
   * TRACKING.TRACKINGNUMBER.NOTFOUND}), or leaves out of its answer, is not found.
   *
   * @throws CarrierException of kind {@code MALFORMED} when the answer isn't shaped like the Track
   *     API's
   */
  public static List<TrackingReport> map(JsonNode body, List<String> requested) {
    JsonNode complete = body == null ? null : body.path("output").get("completeTrackResults");
    if (complete == null || !complete.isArray()) {
      throw malformed("no output.completeTrackResults");
    }
    Map<String, TrackingReport> byNumber = new LinkedHashMap<>();
    for (JsonNode entry : complete) {
      JsonNode trackResults = entry.get("trackResults");
      if (trackResults == null || !trackResults.isArray()) {
        throw malformed("a completeTrackResults entry has no trackResults");
      }
      String number = text(entry.get("trackingNumber"));
      if (number == null && trackResults.size() > 0) {
        number = text(trackResults.get(0).path("trackingNumberInfo").get("trackingNumber"));
      }
      if (number == null) {
        throw malformed("a completeTrackResults entry has no tracking number");
      }
      byNumber.put(key(number), result(number, trackResults));
    }
    List<TrackingReport> results = new ArrayList<>();
    for (String number : new LinkedHashSet<>(requested)) {
      TrackingReport found = byNumber.get(key(number));
      results.add(found == null ? TrackingReport.notFound(number) : withNumber(found, number));
    }
    return results;
  }

  /**
   * FedEx returns several track results for one number when the number was reused; the one with the
   * newest scan is the current shipment.
   */
  static TrackingReport result(String number, JsonNode trackResults) {
    TrackingReport best = null;
    OffsetDateTime bestLatest = null;
    for (JsonNode trackResult : trackResults) {
      if (!hasData(trackResult)) {
        continue;
      }
      TrackingReport candidate = fromTrackResult(number, trackResult);
      OffsetDateTime latest =
          candidate.events().stream()
              .map(ReportedEvent::occurredAt)
              .max(OffsetDateTime::compareTo)
              .orElse(null);
      if (best == null || (latest != null && (bestLatest == null || latest.isAfter(bestLatest)))) {
        best = candidate;
        bestLatest = latest;
      }
    }
    return best == null ? TrackingReport.notFound(number) : best;
  }

  /**
   * Whether FedEx said anything about the parcel. A not-found number comes back as a track result
   * holding only its number and an {@code error}, so any per-number error without data (not found,
   * invalid number, or anything else FedEx couldn't track) reads as not found.
   */
  private static boolean hasData(JsonNode trackResult) {
    return trackResult.path("latestStatusDetail").isObject()
        || trackResult.path("scanEvents").size() > 0;
  }

  private static TrackingReport fromTrackResult(String number, JsonNode trackResult) {
    JsonNode latest = trackResult.path("latestStatusDetail");
    String latestCode = text(latest.get("code"));
    List<ReportedEvent> events = new ArrayList<>();
    JsonNode scans = trackResult.path("scanEvents");
    if (!scans.isMissingNode() && !scans.isNull() && !scans.isArray()) {
      throw malformed("scanEvents is not an array for " + number);
    }
    // The latest status carries the cause of the current exception; it belongs to the newest
    // scan with the same code.
    int latestIndex = -1;
    OffsetDateTime latestAt = null;
    OffsetDateTime[] dates = new OffsetDateTime[scans.size()];
    for (int i = 0; i < scans.size(); i++) {
      JsonNode scan = scans.get(i);
      OffsetDateTime at = occurredAt(scan.get("date"), number);
      dates[i] = at;
      if (latestCode != null
          && latestCode.equalsIgnoreCase(text(scan.get("eventType")))
          && (latestAt == null || at.isAfter(latestAt))) {
        latestIndex = i;
        latestAt = at;
      }
    }
    for (int i = 0; i < scans.size(); i++) {
      events.add(event(scans.get(i), dates[i], i == latestIndex ? latest : null));
    }
    boolean delivered = events.stream().anyMatch(e -> e.status() == TrackingStatus.DELIVERED);
    JsonNode dateAndTimes = trackResult.path("dateAndTimes");
    String actualDelivery = dateOfType(dateAndTimes, "ACTUAL_DELIVERY");
    if (!delivered
        && actualDelivery != null
        && FedexStatusTable.TABLE.map(latestCode).status() == TrackingStatus.DELIVERED) {
      // Without a DL scan the delivery would be lost; FedEx still says when it happened.
      events.add(deliveredFromLatest(latest, latestCode, occurredAt(actualDelivery, number)));
      delivered = true;
    }

    JsonNode window = trackResult.path("estimatedDeliveryTimeWindow").path("window");
    String begins = text(window.get("begins"));
    String ends = text(window.get("ends"));
    String eta = dateOfType(dateAndTimes, "ESTIMATED_DELIVERY");
    if (eta == null) {
      eta = ends != null ? ends : begins;
    }

    return new TrackingReport(
        number,
        true,
        List.copyOf(events),
        eta == null ? null : parse(eta, number).date(),
        windowBound(begins, ends, number),
        windowBound(ends, begins, number),
        serviceLevel(trackResult.path("serviceDetail")),
        delivered ? signedBy(trackResult.path("deliveryDetails")) : null,
        null);
  }

  private static ReportedEvent event(JsonNode scan, OffsetDateTime at, JsonNode latestStatus) {
    String code = text(scan.get("eventType"));
    StatusTable.Mapping mapping = FedexStatusTable.TABLE.map(code);
    JsonNode delay = scan.get("delayDetail");
    String exceptionText = text(scan.get("exceptionDescription"));
    if (latestStatus != null) {
      if (delay == null || !delay.isObject()) {
        delay = latestStatus.get("delayDetail");
      }
      if (exceptionText == null) {
        exceptionText =
            text(latestStatus.path("ancillaryDetails").path(0).get("reasonDescription"));
      }
    }
    JsonNode location = scan.path("scanLocation");
    return new ReportedEvent(
        at,
        mapping.status(),
        reason(mapping, delay),
        code,
        describe(text(scan.get("eventDescription")), exceptionText),
        text(location.get("city")),
        text(location.get("stateOrProvinceCode")),
        text(location.get("postalCode")),
        text(location.get("countryCode")),
        scan.toString());
  }

  private static ReportedEvent deliveredFromLatest(
      JsonNode latest, String code, OffsetDateTime at) {
    JsonNode location = latest.path("scanLocation");
    String description = text(latest.get("description"));
    return new ReportedEvent(
        at,
        TrackingStatus.DELIVERED,
        null,
        code,
        description != null ? description : text(latest.get("statusByLocale")),
        text(location.get("city")),
        text(location.get("stateOrProvinceCode")),
        text(location.get("postalCode")),
        text(location.get("countryCode")),
        latest.toString());
  }

  /**
   * The code's own reason first; otherwise FedEx's delay type, which says why for weather, customs
   * and FedEx's own operations. Only problems carry a reason.
   */
  static ExceptionReason reason(StatusTable.Mapping mapping, JsonNode delayDetail) {
    if (!mapping.status().isProblem()) {
      return null;
    }
    if (mapping.reason() != null) {
      return mapping.reason();
    }
    if (delayDetail == null || !delayDetail.isObject()) {
      return null;
    }
    String status = text(delayDetail.get("status"));
    if (status != null && !"DELAYED".equalsIgnoreCase(status)) {
      return null;
    }
    String type = text(delayDetail.get("type"));
    if (type == null) {
      return null;
    }
    return switch (type.toUpperCase(Locale.ROOT)) {
      case "WEATHER" ->
          "EARTHQUAKE".equalsIgnoreCase(text(delayDetail.get("subType")))
              ? ExceptionReason.FORCE_MAJEURE_NATURAL_DISASTER
              : ExceptionReason.FORCE_MAJEURE_WEATHER;
      case "CLEARANCE" -> ExceptionReason.CUSTOMS_HELD;
      case "OPERATIONAL" -> ExceptionReason.CARRIER_CAPACITY_DELAY;
      // LOCAL and GENERAL don't say why.
      default -> null;
    };
  }

  private static String describe(String description, String exceptionText) {
    if (description == null) {
      return exceptionText;
    }
    if (exceptionText == null || exceptionText.equalsIgnoreCase(description)) {
      return description;
    }
    return description + ": " + exceptionText;
  }

  private static String dateOfType(JsonNode dateAndTimes, String type) {
    for (JsonNode d : dateAndTimes) {
      if (type.equalsIgnoreCase(text(d.get("type")))) {
        String value = text(d.get("dateTime"));
        if (value != null) {
          return value;
        }
      }
    }
    return null;
  }

  private static String serviceLevel(JsonNode serviceDetail) {
    String description = text(serviceDetail.get("description"));
    return description != null ? description : text(serviceDetail.get("type"));
  }

  private static String signedBy(JsonNode deliveryDetails) {
    String received = text(deliveryDetails.get("receivedByName"));
    return received != null ? received : text(deliveryDetails.get("signedByName"));
  }

  private static OffsetDateTime occurredAt(JsonNode date, String number) {
    String value = text(date);
    if (value == null) {
      throw malformed("a scan event without a date for " + number);
    }
    return occurredAt(value, number);
  }

  /**
   * Scan dates carry FedEx's local offset and keep it. A date without one is read as UTC: nothing
   * in the answer says which zone it was written in.
   */
  private static OffsetDateTime occurredAt(String value, String number) {
    Parsed p = parse(value, number);
    return p.dateTime().atOffset(p.offset() != null ? p.offset() : ZoneOffset.UTC);
  }

  /**
   * One end of the delivery window. FedEx's own example sends one end with an offset and the other
   * without; both are local to the same place, so the missing offset is taken from the other end.
   * With no offset at all the moment is unknown and left out.
   */
  private static OffsetDateTime windowBound(String value, String other, String number) {
    if (value == null) {
      return null;
    }
    Parsed p = parse(value, number);
    ZoneOffset offset = p.offset();
    if (offset == null && other != null) {
      offset = parse(other, number).offset();
    }
    return offset == null ? null : p.dateTime().atOffset(offset);
  }

  /** A FedEx date or date-time, with its offset when it has one. */
  record Parsed(LocalDate date, LocalDateTime dateTime, ZoneOffset offset) {}

  static Parsed parse(String value, String number) {
    TemporalAccessor t;
    try {
      t = DateTimeFormatter.ISO_DATE_TIME.parse(value);
    } catch (DateTimeParseException notDateTime) {
      try {
        t = DateTimeFormatter.ISO_DATE.parse(value);
      } catch (DateTimeParseException e) {
        throw malformed("unreadable date '" + value + "' for " + number);
      }
    }
    LocalDate date = LocalDate.from(t);
    LocalDateTime dateTime =
        t.isSupported(ChronoField.HOUR_OF_DAY) ? LocalDateTime.from(t) : date.atStartOfDay();
    ZoneOffset offset = t.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(t) : null;
    return new Parsed(date, dateTime, offset);
  }

  private static TrackingReport withNumber(TrackingReport r, String number) {
    if (r.trackingNumber().equals(number)) {
      return r;
    }
    return new TrackingReport(
        number,
        r.found(),
        r.events(),
        r.estimatedDelivery(),
        r.windowStart(),
        r.windowEnd(),
        r.serviceLevel(),
        r.signedBy(),
        r.proofOfDeliveryUrl());
  }

  private static String key(String number) {
    return number.replace(" ", "").toUpperCase(Locale.ROOT);
  }

  /** FedEx fills absent values with empty strings; they mean nothing. */
  private static String text(JsonNode node) {
    if (node == null || !node.isValueNode() || node.isNull()) {
      return null;
    }
    String value = node.asText().trim();
    return value.isEmpty() ? null : value;
  }

  private static CarrierException malformed(String why) {
    return new CarrierException(CarrierException.Kind.MALFORMED, "FedEx answer: " + why);
  }
}
