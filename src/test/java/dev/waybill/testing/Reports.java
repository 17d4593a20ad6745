package dev.waybill.testing;

import dev.waybill.orders.PolledShipment;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What a carrier might report, and a shipment as the timeline writer sees it, for tests. */
public final class Reports {

  private Reports() {}

  /** A shipment read back the way the poller leases it. */
  public static PolledShipment polled(Pool pool, UUID id) {
    Row row =
        pool.preparedQuery(
                """
                SELECT id, order_id, store_id, carrier_code, tracking_number, status,
                       last_event_at, created_at, poll_failures
                  FROM shipments
                 WHERE id = $1
                """)
            .execute(Tuple.of(id))
            .await()
            .indefinitely()
            .iterator()
            .next();
    return new PolledShipment(
        row.getUUID("id"),
        row.getUUID("order_id"),
        row.getUUID("store_id"),
        row.getString("carrier_code"),
        row.getString("tracking_number"),
        TrackingStatus.valueOf(row.getString("status")),
        row.getOffsetDateTime("last_event_at"),
        row.getOffsetDateTime("created_at"),
        row.getInteger("poll_failures"));
  }

  /** A carrier's answer for one tracking number: found, with these events and nothing else. */
  public static TrackingReport report(String trackingNumber, ReportedEvent... events) {
    return new TrackingReport(
        trackingNumber, true, List.of(events), null, null, null, null, null, null);
  }

  /** One scan in Berlin with the carrier's own code. */
  public static ReportedEvent scan(
      OffsetDateTime at, TrackingStatus status, String code, String description) {
    return new ReportedEvent(
        at, status, null, code, description, "Berlin", null, "10115", "DE", "{}");
  }

  /** Delivered an hour ago. */
  public static TrackingReport delivered(String trackingNumber) {
    return report(
        trackingNumber,
        scan(OffsetDateTime.now().minusHours(1), TrackingStatus.DELIVERED, "DL", "Delivered"));
  }
}
