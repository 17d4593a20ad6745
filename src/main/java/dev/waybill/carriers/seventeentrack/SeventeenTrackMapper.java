package dev.waybill.carriers.seventeentrack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.carriers.spi.WebhookSource.PushedUpdate;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns 17TRACK's tracking ({@code data} of a {@code TRACKING_UPDATED} push, or one item of {@code
 * gettrackinfo}'s {@code accepted}) into a tracking update. Pure: no I/O, no state.
 *
 * <p>The Waybill carrier code travels as the registration's {@code tag}, which 17TRACK echoes in
 * every push: 17TRACK's own numeric carrier keys are never needed.
 */
public final class SeventeenTrackMapper {

  /** The push that carries tracking; {@code TRACKING_STOPPED} and others carry none. */
  static final String TRACKING_UPDATED = "TRACKING_UPDATED";

  private SeventeenTrackMapper() {}

  /** The updates in one push: one for {@code TRACKING_UPDATED}, none for any other event. */
  public static List<PushedUpdate> map(JsonNode push) {
    if (push == null || !push.isObject()) {
      throw malformed("the push is not a JSON object");
    }
    if (!TRACKING_UPDATED.equalsIgnoreCase(text(push.get("event")))) {
      return List.of();
    }
    JsonNode data = push.get("data");
    if (data == null || !data.isObject()) {
      throw malformed("a TRACKING_UPDATED push without data");
    }
    String number = text(data.get("number"));
    if (number == null) {
      throw malformed("a TRACKING_UPDATED push without number");
    }
    String tag = text(data.get("tag"));
    return List.of(
        new PushedUpdate(tag == null ? null : tag.toLowerCase(Locale.ROOT), report(number, data)));
  }

  /** One parcel's tracking. */
  public static TrackingReport report(String number, JsonNode item) {
    JsonNode info = item.path("track_info");
    if (info.isMissingNode() || info.isNull()) {
      return TrackingReport.notFound(number);
    }
    JsonNode providers = info.path("tracking").path("providers");
    if (!providers.isMissingNode() && !providers.isArray()) {
      throw malformed("tracking.providers is not an array for " + number);
    }
    List<ReportedEvent> events = new ArrayList<>();
    for (JsonNode provider : providers) {
      JsonNode list = provider.path("events");
      if (!list.isMissingNode() && !list.isArray()) {
        throw malformed("events is not an array for " + number);
      }
      for (JsonNode e : list) {
        events.add(event(e, number));
      }
    }
    String latest = text(info.path("latest_status").get("status"));
    if (events.isEmpty() && "NotFound".equalsIgnoreCase(latest)) {
      return TrackingReport.notFound(number);
    }
    return new TrackingReport(
        number,
        true,
        List.copyOf(events),
        estimate(info.path("time_metrics").path("estimated_delivery_date"), number),
        null,
        null,
        null,
        null,
        null);
  }

  private static ReportedEvent event(JsonNode e, String number) {
    String code = text(e.get("sub_status"));
    if (code == null) {
      code = text(e.get("stage"));
    }
    StatusTable.Mapping mapping = SeventeenTrackStatusTable.STATUSES.map(code);
    JsonNode address = e.path("address");
    String city = text(address.get("city"));
    String country = text(address.get("country"));
    return new ReportedEvent(
        time(e, number),
        mapping.status(),
        mapping.status().isProblem() ? mapping.reason() : null,
        code,
        text(e.get("description")),
        city != null ? city : text(e.get("location")),
        text(address.get("state")),
        text(address.get("postal_code")),
        country != null && country.length() == 2 ? country.toUpperCase(Locale.ROOT) : null,
        e.toString());
  }

  /** {@code time_iso} keeps the scan's local offset; {@code time_utc} is the fallback. */
  private static OffsetDateTime time(JsonNode e, String number) {
    String value = text(e.get("time_iso"));
    if (value == null) {
      value = text(e.get("time_utc"));
    }
    if (value == null) {
      throw malformed("an event without time for " + number);
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException ex) {
      throw malformed("unreadable time '" + value + "' for " + number);
    }
  }

  /** The latest date of the carrier's window ({@code to}, else {@code from}). */
  private static LocalDate estimate(JsonNode window, String number) {
    String value = text(window.get("to"));
    if (value == null) {
      value = text(window.get("from"));
    }
    if (value == null) {
      return null;
    }
    try {
      return value.length() == 10
          ? LocalDate.parse(value)
          : OffsetDateTime.parse(value).toLocalDate();
    } catch (DateTimeParseException ex) {
      throw malformed("unreadable estimated delivery '" + value + "' for " + number);
    }
  }

  static String text(JsonNode node) {
    if (node == null || !node.isValueNode() || node.isNull()) {
      return null;
    }
    String value = node.asText().trim();
    return value.isEmpty() ? null : value;
  }

  private static CarrierException malformed(String why) {
    return new CarrierException(CarrierException.Kind.MALFORMED, "17TRACK: " + why);
  }
}
