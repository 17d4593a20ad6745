package dev.waybill.carriers.sim;

import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Pure mapping from the simulated carrier's JSON to normalized results. */
public final class SimMapper {

  private SimMapper() {}

  /** The {@code results} of a track response. */
  public static List<TrackingReport> results(String body) {
    try {
      JsonArray results = new JsonObject(body).getJsonArray("results");
      if (results == null) {
        throw new CarrierException(CarrierException.Kind.MALFORMED, "no results in sim response");
      }
      List<TrackingReport> out = new ArrayList<>(results.size());
      for (int i = 0; i < results.size(); i++) {
        out.add(result(results.getJsonObject(i)));
      }
      return out;
    } catch (DecodeException | ClassCastException | DateTimeParseException e) {
      throw new CarrierException(
          CarrierException.Kind.MALFORMED, "unreadable sim response: " + e.getMessage(), null, e);
    }
  }

  /** One tracking result; also the payload of the simulated carrier's webhooks. */
  public static TrackingReport result(JsonObject r) {
    String number = r.getString("trackingNumber");
    if (!r.getBoolean("found", false)) {
      return TrackingReport.notFound(number);
    }
    JsonArray events = r.getJsonArray("events", new JsonArray());
    List<ReportedEvent> mapped = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      JsonObject e = events.getJsonObject(i);
      String code = e.getString("code");
      StatusTable.Mapping m = SimStatusTable.TABLE.map(code);
      mapped.add(
          new ReportedEvent(
              OffsetDateTime.parse(e.getString("time")),
              m.status(),
              m.reason(),
              code,
              e.getString("description"),
              e.getString("city"),
              null,
              null,
              e.getString("country"),
              e.encode()));
    }
    String eta = r.getString("estimatedDelivery");
    return new TrackingReport(
        number,
        true,
        mapped,
        eta == null ? null : LocalDate.parse(eta),
        null,
        null,
        r.getString("service"),
        null,
        null);
  }
}
