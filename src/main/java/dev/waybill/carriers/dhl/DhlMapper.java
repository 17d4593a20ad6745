package dev.waybill.carriers.dhl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads DHL's Shipment Tracking – Unified API answer ({@code GET /track/shipments}) and its problem
 * documents. Pure functions: no I/O, no state.
 */
public final class DhlMapper {

  private DhlMapper() {}

  /**
   * The result for one number, from a 200 answer: the shipment whose {@code id} is the number (DHL
   * may list others of the same number), else the first.
   *
   * @throws CarrierException {@link CarrierException.Kind#MALFORMED} when the body isn't shaped as
   *     DHL documents it
   */
  public static TrackingReport map(String trackingNumber, JsonNode body) {
    JsonNode shipments = body == null ? null : body.get("shipments");
    if (shipments == null || !shipments.isArray()) {
      throw malformed("no shipments[]");
    }
    if (shipments.isEmpty()) {
      return TrackingReport.notFound(trackingNumber);
    }
    JsonNode shipment = pick(shipments, trackingNumber);

    List<ReportedEvent> events = new ArrayList<>();
    JsonNode list = shipment.get("events");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw malformed("shipment.events is not an array");
      }
      for (JsonNode event : list) {
        events.add(event(requireObject(event, "event")));
      }
    }
    JsonNode status = shipment.get("status");
    if (status != null && status.isObject() && text(status, "timestamp") != null) {
      ReportedEvent current = event(status);
      // The status repeats the latest event; it is its own event only when newer than all of them.
      boolean newer =
          events.stream().noneMatch(e -> !e.occurredAt().isBefore(current.occurredAt()));
      if (newer) {
        events.add(current);
      }
    }

    JsonNode details = shipment.path("details");
    JsonNode frame = shipment.path("estimatedDeliveryTimeFrame");
    OffsetDateTime eta = offsetOrNull(text(shipment, "estimatedTimeOfDelivery"));
    OffsetDateTime from = offsetOrNull(text(frame, "estimatedFrom"));
    OffsetDateTime through = offsetOrNull(text(frame, "estimatedThrough"));
    LocalDate estimated =
        date(
            text(shipment, "estimatedTimeOfDelivery"),
            eta,
            date(text(frame, "estimatedThrough"), through, null));
    JsonNode pod = details.path("proofOfDelivery");
    return new TrackingReport(
        trackingNumber,
        true,
        events,
        estimated,
        from,
        through,
        text(details.path("product"), "productName"),
        signedBy(pod.path("signed")),
        text(pod, "documentUrl"),
        text(shipment, "serviceUrl"));
  }

  /** DHL's own tracking page for the shipment ({@code serviceUrl}), if it gave one. */
  public static String serviceUrl(String trackingNumber, JsonNode body) {
    JsonNode shipments = body == null ? null : body.get("shipments");
    if (shipments == null || !shipments.isArray() || shipments.isEmpty()) {
      return null;
    }
    return text(pick(shipments, trackingNumber), "serviceUrl");
  }

  /** Whether a body is DHL's problem document (RFC 7807: {@code status}, {@code title}...). */
  static boolean isProblem(JsonNode body) {
    return body != null
        && body.isObject()
        && (body.hasNonNull("title") || body.hasNonNull("detail"))
        && body.hasNonNull("status");
  }

  /** A problem document in one line, for logs and errors. */
  static String describe(JsonNode body) {
    if (!isProblem(body)) {
      return "no problem document";
    }
    String title = text(body, "title");
    String detail = text(body, "detail");
    return detail == null ? title : title == null ? detail : title + ": " + detail;
  }

  private static ReportedEvent event(JsonNode node) {
    String statusCode = text(node, "statusCode");
    String code =
        DhlStatusTable.code(
            statusCode, text(node, "status"), text(node, "description"), text(node, "remark"));
    StatusTable.Mapping mapping = DhlStatusTable.TABLE.map(code);
    String timestamp = text(node, "timestamp");
    if (timestamp == null) {
      throw malformed("an event without a timestamp");
    }
    JsonNode address = node.path("location").path("address");
    String description = text(node, "description");
    return new ReportedEvent(
        occurredAt(timestamp),
        mapping.status(),
        mapping.reason(),
        code,
        description != null ? description : text(node, "status"),
        text(address, "addressLocality"),
        text(address, "addressRegion"),
        text(address, "postalCode"),
        text(address, "countryCode"),
        node.toString());
  }

  private static JsonNode pick(JsonNode shipments, String trackingNumber) {
    String wanted = normalize(trackingNumber);
    for (JsonNode node : shipments) {
      if (wanted.equals(normalize(text(node, "id")))) {
        return requireObject(node, "shipment");
      }
    }
    return requireObject(shipments.get(0), "shipment");
  }

  private static String signedBy(JsonNode signed) {
    if (signed == null || !signed.isObject()) {
      return null;
    }
    String name = text(signed, "name");
    if (name != null) {
      return name;
    }
    String given = text(signed, "givenName");
    String family = text(signed, "familyName");
    if (given == null || family == null) {
      return family != null ? family : given;
    }
    return given + " " + family;
  }

  /**
   * DHL writes times with an offset ({@code 2018-08-03T00:00:00Z}) for most businesses, and in
   * local time without one for some Express scans; those are read as UTC.
   */
  private static OffsetDateTime occurredAt(String value) {
    OffsetDateTime at = offsetOrNull(value);
    if (at != null) {
      return at;
    }
    try {
      return LocalDateTime.parse(value).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw malformed("timestamp " + value);
    }
  }

  private static OffsetDateTime offsetOrNull(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The date of an estimate given with an offset, as a local date-time, or as a date alone. */
  private static LocalDate date(String value, OffsetDateTime parsed, LocalDate otherwise) {
    if (parsed != null) {
      return parsed.toLocalDate();
    }
    if (value == null) {
      return otherwise;
    }
    try {
      return value.length() <= 10
          ? LocalDate.parse(value)
          : LocalDateTime.parse(value).toLocalDate();
    } catch (DateTimeParseException e) {
      throw malformed("estimated delivery " + value);
    }
  }

  private static JsonNode requireObject(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw malformed("a " + what + " is not an object");
    }
    return node;
  }

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
    return new CarrierException(CarrierException.Kind.MALFORMED, "DHL tracking answer: " + what);
  }
}
