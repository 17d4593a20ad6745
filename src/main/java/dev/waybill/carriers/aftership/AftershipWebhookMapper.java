package dev.waybill.carriers.aftership;

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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Set;

/**
 * Turns an AfterShip Tracking webhook into tracking updates. Pure: no I/O, no state.
 *
 * <p>The webhook is {@code {"event", "event_id", "is_tracking_first_tag", "msg", "ts"}} with the
 * whole tracking in {@code msg}. Only {@code tracking_update} (a new status or checkpoint) and
 * {@code edd_revise} (a new estimated delivery date) carry news about the parcel; every other event
 * gives nothing. Both the current field names ({@code courier_estimated_delivery_date}, {@code
 * country_region}) and the legacy ones ({@code expected_delivery}, {@code country_iso3}) are read,
 * so either webhook version works.
 */
public final class AftershipWebhookMapper {

  /** The events whose {@code msg} is news about a tracking. */
  static final Set<String> TRACKING_EVENTS = Set.of("tracking_update", "edd_revise");

  private static final Map<String, String> ALPHA3_TO_ALPHA2 = alpha3ToAlpha2();

  private AftershipWebhookMapper() {}

  /**
   * The parcel news in one webhook: a single update for a tracking event, none otherwise.
   *
   * @throws CarrierException of kind {@code MALFORMED} when a tracking event isn't shaped like
   *     AfterShip's
   */
  public static List<PushedUpdate> map(JsonNode webhook) {
    if (webhook == null || !webhook.isObject()) {
      throw malformed("the push is not a JSON object");
    }
    String event = text(webhook.get("event"));
    JsonNode tracking = webhook.get("msg");
    if (event == null
        || !TRACKING_EVENTS.contains(event.toLowerCase(Locale.ROOT))
        || tracking == null
        || !tracking.isObject()) {
      return List.of();
    }
    String number = text(tracking.get("tracking_number"));
    if (number == null) {
      throw malformed("a tracking without tracking_number");
    }
    return List.of(
        new PushedUpdate(carrierCode(text(tracking.get("slug"))), result(number, tracking)));
  }

  /**
   * A tracking as {@code GET /trackings/{id}} returns it in {@code data}: the same object a push
   * carries in {@code msg}, so it maps the same way.
   *
   * @throws CarrierException of kind {@code MALFORMED} when it isn't shaped like a tracking
   */
  static TrackingReport tracking(JsonNode tracking) {
    if (tracking == null || !tracking.isObject()) {
      throw new CarrierException(
          CarrierException.Kind.MALFORMED, "AfterShip trackings: data is not a tracking");
    }
    String number = text(tracking.get("tracking_number"));
    if (number == null) {
      throw malformed("a tracking without tracking_number");
    }
    return result(number, tracking);
  }

  private static TrackingReport result(String number, JsonNode tracking) {
    JsonNode checkpoints = tracking.path("checkpoints");
    if (!checkpoints.isMissingNode() && !checkpoints.isNull() && !checkpoints.isArray()) {
      throw malformed("checkpoints is not an array for " + number);
    }
    List<ReportedEvent> events = new ArrayList<>();
    for (JsonNode checkpoint : checkpoints) {
      events.add(event(checkpoint, number));
    }
    boolean delivered =
        events.stream().anyMatch(e -> e.status() == TrackingStatus.DELIVERED)
            || AftershipStatusTable.map(text(tracking.get("tag")), text(tracking.get("subtag")))
                    .status()
                == TrackingStatus.DELIVERED;

    JsonNode courierEstimate = tracking.path("courier_estimated_delivery_date");
    String min = text(courierEstimate.get("estimated_delivery_date_min"));
    String max = text(courierEstimate.get("estimated_delivery_date_max"));
    String eta = text(courierEstimate.get("estimated_delivery_date"));
    if (eta == null) {
      eta = text(tracking.get("expected_delivery"));
    }
    if (eta == null) {
      eta = max != null ? max : min;
    }
    return new TrackingReport(
        number,
        true,
        List.copyOf(events),
        eta == null ? null : LocalDate.from(parse(eta, number)),
        withOffset(min, number),
        withOffset(max, number),
        text(tracking.get("shipment_type")),
        delivered ? text(tracking.get("signed_by")) : null,
        null);
  }

  private static ReportedEvent event(JsonNode checkpoint, String number) {
    String tag = text(checkpoint.get("tag"));
    String subtag = text(checkpoint.get("subtag"));
    StatusTable.Mapping mapping = AftershipStatusTable.map(tag, subtag);
    String message = text(checkpoint.get("message"));
    String country = text(checkpoint.get("country_region"));
    if (country == null) {
      country = text(checkpoint.get("country_iso3"));
    }
    return new ReportedEvent(
        occurredAt(checkpoint.get("checkpoint_time"), number),
        mapping.status(),
        mapping.reason(),
        AftershipStatusTable.code(tag, subtag),
        message != null ? message : text(checkpoint.get("subtag_message")),
        text(checkpoint.get("city")),
        text(checkpoint.get("state")),
        text(checkpoint.get("zip")),
        country(country),
        checkpoint.toString());
  }

  /**
   * A checkpoint time is in the checkpoint's own time zone; its offset is kept. AfterShip passes on
   * whatever the carrier sent, so a time may come without an offset: it is read as UTC, since
   * nothing in the push says which zone it was written in.
   */
  private static OffsetDateTime occurredAt(JsonNode time, String number) {
    String value = text(time);
    if (value == null) {
      throw malformed("a checkpoint without checkpoint_time for " + number);
    }
    TemporalAccessor t = parse(value, number);
    ZoneOffset offset =
        t.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(t) : ZoneOffset.UTC;
    return localDateTime(t).atOffset(offset);
  }

  /** One end of the courier's delivery window; without an offset the moment is unknown. */
  private static OffsetDateTime withOffset(String value, String number) {
    if (value == null) {
      return null;
    }
    TemporalAccessor t = parse(value, number);
    return t.isSupported(ChronoField.OFFSET_SECONDS)
        ? localDateTime(t).atOffset(ZoneOffset.from(t))
        : null;
  }

  private static LocalDateTime localDateTime(TemporalAccessor t) {
    return t.isSupported(ChronoField.HOUR_OF_DAY)
        ? LocalDateTime.from(t)
        : LocalDate.from(t).atStartOfDay();
  }

  /** AfterShip's dates: {@code YYYY-MM-DD}, {@code YYYY-MM-DDTHH:mm:ss}, with or without offset. */
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
   * Waybill's code for AfterShip's courier slug: the carriers Waybill tracks itself by their own
   * code ({@code dhl} is AfterShip's slug for DHL Express), any other slug in lower case.
   */
  static String carrierCode(String slug) {
    if (slug == null) {
      return null;
    }
    return switch (slug.toLowerCase(Locale.ROOT)) {
      case "ups" -> "ups";
      case "fedex" -> "fedex";
      case "usps" -> "usps";
      case "dhl" -> "dhl";
      case "hermes-uk" -> "evri";
      case "inpost-paczkomaty" -> "inpost";
      default -> slug.toLowerCase(Locale.ROOT);
    };
  }

  /** AfterShip sends ISO 3166 alpha-3 ({@code USA}); Waybill stores alpha-2 ({@code US}). */
  static String country(String value) {
    if (value == null) {
      return null;
    }
    String upper = value.toUpperCase(Locale.ROOT);
    if (upper.length() == 2) {
      return upper;
    }
    return ALPHA3_TO_ALPHA2.get(upper);
  }

  private static Map<String, String> alpha3ToAlpha2() {
    Map<String, String> codes = new HashMap<>();
    for (String alpha2 : Locale.getISOCountries()) {
      try {
        codes.put(new Locale("", alpha2).getISO3Country(), alpha2);
      } catch (MissingResourceException e) {
        // A region without an alpha-3 code can't appear in AfterShip's data.
      }
    }
    return Map.copyOf(codes);
  }

  /** AfterShip sends absent values as {@code null} or empty strings; both mean nothing. */
  static String text(JsonNode node) {
    if (node == null || !node.isValueNode() || node.isNull()) {
      return null;
    }
    String value = node.asText().trim();
    return value.isEmpty() ? null : value;
  }

  private static CarrierException malformed(String why) {
    return new CarrierException(CarrierException.Kind.MALFORMED, "AfterShip push: " + why);
  }
}
