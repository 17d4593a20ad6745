package dev.waybill.carriers.easypost;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.carriers.spi.WebhookSource.PushedUpdate;
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
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns an EasyPost webhook {@code Event} into tracking updates. Pure: no I/O, no state.
 *
 * <p>Only {@code tracker.created} and {@code tracker.updated} events whose {@code result} is a
 * {@code Tracker} carry tracking; every other event (batches, insurance, refunds, ...) gives
 * nothing.
 */
public final class EasypostWebhookMapper {

  /** The event descriptions that carry a Tracker. */
  static final Set<String> TRACKER_EVENTS = Set.of("tracker.created", "tracker.updated");

  private EasypostWebhookMapper() {}

  /**
   * The parcel news in one event: a single update for a tracker event, none otherwise.
   *
   * @throws CarrierException of kind {@code MALFORMED} when a tracker event isn't shaped like
   *     EasyPost's
   */
  public static List<PushedUpdate> map(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw malformed("the push is not a JSON object");
    }
    String description = text(event.get("description"));
    JsonNode tracker = event.get("result");
    if (description == null
        || !TRACKER_EVENTS.contains(description.toLowerCase(Locale.ROOT))
        || tracker == null
        || !tracker.isObject()
        || !"Tracker".equalsIgnoreCase(text(tracker.get("object")))) {
      return List.of();
    }
    String number = text(tracker.get("tracking_code"));
    if (number == null) {
      throw malformed("a Tracker without tracking_code");
    }
    return List.of(
        new PushedUpdate(carrierCode(text(tracker.get("carrier"))), result(number, tracker)));
  }

  /**
   * A Tracker as {@code GET /v2/trackers/{id}} returns it: the same object a push carries in its
   * {@code result}, so it maps the same way.
   *
   * @throws CarrierException of kind {@code MALFORMED} when it isn't shaped like a Tracker
   */
  static TrackingReport tracker(JsonNode tracker) {
    if (tracker == null
        || !tracker.isObject()
        || !"Tracker".equalsIgnoreCase(text(tracker.get("object")))) {
      throw new CarrierException(
          CarrierException.Kind.MALFORMED, "EasyPost trackers: the answer is not a Tracker");
    }
    String number = text(tracker.get("tracking_code"));
    if (number == null) {
      throw malformed("a Tracker without tracking_code");
    }
    return result(number, tracker);
  }

  private static TrackingReport result(String number, JsonNode tracker) {
    JsonNode details = tracker.path("tracking_details");
    if (!details.isMissingNode() && !details.isNull() && !details.isArray()) {
      throw malformed("tracking_details is not an array for " + number);
    }
    List<ReportedEvent> events = new ArrayList<>();
    for (JsonNode detail : details) {
      events.add(event(detail, number));
    }
    boolean delivered =
        events.stream().anyMatch(e -> e.status() == TrackingStatus.DELIVERED)
            || EasypostStatusTable.map(
                        text(tracker.get("status")), text(tracker.get("status_detail")))
                    .status()
                == TrackingStatus.DELIVERED;
    JsonNode carrierDetail = tracker.path("carrier_detail");
    return new TrackingReport(
        number,
        true,
        List.copyOf(events),
        estimatedDelivery(tracker, carrierDetail, number),
        null,
        null,
        text(carrierDetail.get("service")),
        delivered ? text(tracker.get("signed_by")) : null,
        null);
  }

  private static ReportedEvent event(JsonNode detail, String number) {
    String status = text(detail.get("status"));
    String statusDetail = text(detail.get("status_detail"));
    StatusTable.Mapping mapping = EasypostStatusTable.map(status, statusDetail);
    String message = text(detail.get("message"));
    JsonNode location = detail.path("tracking_location");
    return new ReportedEvent(
        occurredAt(detail.get("datetime"), number),
        mapping.status(),
        mapping.reason(),
        EasypostStatusTable.code(status, statusDetail),
        message != null ? message : text(detail.get("description")),
        text(location.get("city")),
        text(location.get("state")),
        text(location.get("zip")),
        country(text(location.get("country"))),
        detail.toString());
  }

  /**
   * The carrier's local estimate ({@code carrier_detail.est_delivery_date_local}) when EasyPost has
   * one, else the date of {@code est_delivery_date} as written.
   */
  private static LocalDate estimatedDelivery(
      JsonNode tracker, JsonNode carrierDetail, String number) {
    String local = text(carrierDetail.get("est_delivery_date_local"));
    String value = local != null ? local : text(tracker.get("est_delivery_date"));
    return value == null ? null : LocalDate.from(parse(value, number));
  }

  /**
   * A scan time. EasyPost gives it the scan's local offset when it knows the place and UTC
   * otherwise; the offset is kept. A time without an offset is read as UTC.
   */
  private static OffsetDateTime occurredAt(JsonNode datetime, String number) {
    String value = text(datetime);
    if (value == null) {
      throw malformed("a tracking detail without datetime for " + number);
    }
    TemporalAccessor t = parse(value, number);
    LocalDateTime local =
        t.isSupported(ChronoField.HOUR_OF_DAY)
            ? LocalDateTime.from(t)
            : LocalDate.from(t).atStartOfDay();
    ZoneOffset offset =
        t.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(t) : ZoneOffset.UTC;
    return local.atOffset(offset);
  }

  private static TemporalAccessor parse(String value, String number) {
    try {
      return DateTimeFormatter.ISO_DATE_TIME.parse(value);
    } catch (DateTimeParseException notDateTime) {
      try {
        return DateTimeFormatter.ISO_DATE.parse(value);
      } catch (DateTimeParseException e) {
        throw malformed("unreadable date '" + value + "' for " + number);
      }
    }
  }

  /**
   * Waybill's code for EasyPost's carrier name: the carriers Waybill tracks itself by their own
   * code, the carriers it tracks for stores by the codes {@link EasypostTrackers} registers them
   * with, any other in lower case. {@code UPSDAP} and {@code FedExDefault} are EasyPost's names for
   * its own UPS and FedEx accounts.
   */
  static String carrierCode(String carrier) {
    if (carrier == null) {
      return null;
    }
    return switch (carrier.toLowerCase(Locale.ROOT)) {
      case "ups", "upsdap" -> "ups";
      case "fedex", "fedexdefault" -> "fedex";
      case "usps" -> "usps";
      case "dhlexpress" -> "dhl";
      case "royalmail" -> "royal-mail";
      case "canadapost" -> "canada-post";
      case "australiapost" -> "australia-post";
      default -> carrier.toLowerCase(Locale.ROOT);
    };
  }

  /** ISO 3166 alpha-2, as Waybill stores it; anything else is dropped. */
  private static String country(String value) {
    if (value == null) {
      return null;
    }
    String upper = value.toUpperCase(Locale.ROOT);
    return upper.length() == 2 ? upper : null;
  }

  /** EasyPost sends absent values as {@code null} or empty strings; both mean nothing. */
  static String text(JsonNode node) {
    if (node == null || !node.isValueNode() || node.isNull()) {
      return null;
    }
    String value = node.asText().trim();
    return value.isEmpty() ? null : value;
  }

  private static CarrierException malformed(String why) {
    return new CarrierException(CarrierException.Kind.MALFORMED, "EasyPost push: " + why);
  }
}
