package dev.waybill.orders;

import dev.waybill.tracking.ExceptionReason;
import dev.waybill.tracking.TrackingStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Shipments support should look at before the shopper asks: held up by a problem, past the date
 * promised, or silent for too long. Most urgent first.
 */
@ApplicationScoped
public class Watchlist {

  /** Why a shipment is on the list, most urgent first. */
  public enum Why {
    PROBLEM,
    AT_RISK,
    LATE,
    STUCK
  }

  public record WatchItem(
      String orderNumber,
      UUID shipmentId,
      String carrier,
      String trackingNumber,
      TrackingStatus status,
      ExceptionReason reason,
      Why why,
      LocalDate expected,
      OffsetDateTime lastEventAt) {}

  private static final String QUERY =
      "SELECT * FROM (SELECT o.order_number, s.id, s.carrier_code, s.tracking_number, s.status,"
          + " s.exception_reason, COALESCE(s.carrier_estimated_delivery, s.promised_delivery)"
          + " AS expected, COALESCE(s.last_event_at, s.created_at) AS last_seen,"
          + " CASE WHEN s.status IN ('EXCEPTION', 'RETURNED_TO_SENDER', 'EXPIRED',"
          + " 'DELIVERY_ATTEMPTED') THEN 'PROBLEM'"
          + " WHEN s.at_risk_since IS NOT NULL THEN 'AT_RISK'"
          + " WHEN COALESCE(s.carrier_estimated_delivery, s.promised_delivery) < current_date"
          + " THEN 'LATE'"
          + " WHEN COALESCE(s.last_event_at, s.created_at) < now() - make_interval(secs => $2)"
          + " THEN 'STUCK' END AS why"
          + " FROM shipments s JOIN orders o ON o.id = s.order_id"
          + " WHERE s.store_id = $1 AND s.status NOT IN ('DELIVERED', 'ORDER_RECEIVED', 'PACKED'))"
          + " w WHERE why IS NOT NULL"
          + " ORDER BY CASE why WHEN 'PROBLEM' THEN 0 WHEN 'AT_RISK' THEN 1 WHEN 'LATE' THEN 2 ELSE 3 END, last_seen"
          + " LIMIT $3";

  private final Pool pool;

  public Watchlist(Pool pool) {
    this.pool = pool;
  }

  /**
   * @param silentFor how long without a scan makes a moving parcel count as stuck
   */
  public Uni<List<WatchItem>> forStore(UUID storeId, Duration silentFor, int limit) {
    return pool.preparedQuery(QUERY)
        .execute(Tuple.of(storeId, (double) silentFor.toSeconds(), limit))
        .map(
            rows -> {
              List<WatchItem> out = new ArrayList<>();
              for (Row r : rows) {
                String reason = r.getString("exception_reason");
                out.add(
                    new WatchItem(
                        r.getString("order_number"),
                        r.getUUID("id"),
                        r.getString("carrier_code"),
                        r.getString("tracking_number"),
                        TrackingStatus.valueOf(r.getString("status")),
                        reason == null ? null : ExceptionReason.valueOf(reason),
                        Why.valueOf(r.getString("why")),
                        r.getLocalDate("expected"),
                        r.getOffsetDateTime("last_seen")));
              }
              return out;
            });
  }
}
