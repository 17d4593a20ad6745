package dev.waybill.orders;

import dev.waybill.orders.OrderRequests.Address;
import dev.waybill.orders.OrderRequests.Location;
import dev.waybill.orders.OrderViews.EventView;
import dev.waybill.orders.OrderViews.OrderSnapshot;
import dev.waybill.orders.OrderViews.PredictedDelivery;
import dev.waybill.orders.OrderViews.ShipmentSnapshot;
import dev.waybill.orders.OrderViews.ShipmentView;
import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads an order with its shipments and events for rendering, in two prepared statements on the
 * reactive pool. This is the cache-miss path of every lookup, so it skips the ORM's per-query
 * translation and entity bookkeeping: read-only rows map straight to records.
 */
@ApplicationScoped
public class OrderSnapshots {

  private static final String ORDER =
      """
          SELECT id, store_id, order_number, customer_name, customer_email, locale,
              items, ship_name, ship_line1, ship_line2, ship_city, ship_region,
              ship_postal_code, ship_country, status, placed_at, revision, token_version,
              cancelled_at
          FROM orders
          WHERE store_id = $1 AND order_number = $2
          """;

  private static final String SHIPMENTS_WITH_EVENTS =
      """
          SELECT s.id, s.carrier_code, s.tracking_number, s.service_level, s.status,
              s.status_detail, s.exception_reason, s.carrier_estimated_delivery,
              s.promised_delivery, s.delivery_window_start, s.delivery_window_end,
              s.shipped_at, s.delivered_at, s.last_event_at, s.origin_city,
              s.origin_region, s.origin_postal_code, s.origin_country,
              s.destination_city, s.destination_region, s.destination_postal_code,
              s.destination_country, s.created_at, s.estimate_likely,
              s.estimate_earliest, s.estimate_latest, s.estimate_safe, s.estimate_level,
              s.estimate_confidence, s.estimate_samples, s.at_risk_reason, s.carrier_link,
              e.id AS e_id,
              e.occurred_at AS e_occurred_at, e.occurred_offset AS e_offset,
              e.status AS e_status, e.exception_reason AS e_reason,
              e.carrier_code AS e_code, e.description AS e_description,
              e.city AS e_city, e.region AS e_region, e.postal_code AS e_postal_code,
              e.country AS e_country, e.source AS e_source
          FROM shipments s
          LEFT JOIN tracking_events e ON e.shipment_id = s.id
          WHERE s.order_id = $1
          ORDER BY s.created_at, s.id, e.occurred_at DESC, e.recorded_at DESC
          """;

  private static final ItemsConverter ITEMS = new ItemsConverter();

  private final Pool pool;

  public OrderSnapshots(Pool pool) {
    this.pool = pool;
  }

  /** Everything a tracking lookup shows, or a null item if there is no such order. */
  public Uni<OrderSnapshot> find(UUID storeId, String orderNumber) {
    return pool.preparedQuery(ORDER)
        .execute(Tuple.of(storeId, orderNumber))
        .chain(
            rows -> {
              if (rows.size() == 0) {
                return Uni.createFrom().nullItem();
              }
              Row order = rows.iterator().next();
              return pool.preparedQuery(SHIPMENTS_WITH_EVENTS)
                  .execute(Tuple.of(order.getUUID("id")))
                  .map(shipments -> snapshot(order, shipments));
            });
  }

  private static OrderSnapshot snapshot(Row o, RowSet<Row> rows) {
    Map<UUID, ShipmentView> shipments = new LinkedHashMap<>();
    Map<UUID, PredictedDelivery> predicted = new LinkedHashMap<>();
    Map<UUID, String> atRisk = new LinkedHashMap<>();
    Map<UUID, List<EventView>> events = new LinkedHashMap<>();
    for (Row r : rows) {
      UUID id = r.getUUID("id");
      if (shipments.putIfAbsent(id, shipment(r)) == null) {
        if (r.getLocalDate("estimate_likely") != null) {
          predicted.put(id, predicted(r));
        }
        atRisk.put(id, r.getString("at_risk_reason"));
      }
      List<EventView> list = events.computeIfAbsent(id, k -> new ArrayList<>());
      if (r.getUUID("e_id") != null) {
        list.add(event(id, r));
      }
    }
    List<ShipmentSnapshot> parcels = new ArrayList<>(shipments.size());
    shipments.forEach(
        (id, s) ->
            parcels.add(
                new ShipmentSnapshot(s, events.get(id), predicted.get(id), atRisk.get(id))));
    return new OrderSnapshot(
        o.getUUID("id"),
        o.getUUID("store_id"),
        o.getString("order_number"),
        o.getString("customer_name"),
        o.getString("customer_email"),
        o.getString("locale"),
        ITEMS.convertToEntityAttribute(o.getString("items")),
        new Address(
            o.getString("ship_name"),
            o.getString("ship_line1"),
            o.getString("ship_line2"),
            o.getString("ship_city"),
            o.getString("ship_region"),
            o.getString("ship_postal_code"),
            o.getString("ship_country")),
        TrackingStatus.valueOf(o.getString("status")),
        o.getOffsetDateTime("placed_at"),
        o.getLong("revision"),
        o.getInteger("token_version"),
        parcels,
        o.getOffsetDateTime("cancelled_at"));
  }

  private static ShipmentView shipment(Row r) {
    String originPostal = r.getString("origin_postal_code");
    String originCountry = r.getString("origin_country");
    return new ShipmentView(
        r.getUUID("id"),
        r.getString("carrier_code"),
        r.getString("tracking_number"),
        r.getString("service_level"),
        TrackingStatus.valueOf(r.getString("status")),
        r.getString("status_detail"),
        reason(r.getString("exception_reason")),
        r.getLocalDate("carrier_estimated_delivery"),
        r.getLocalDate("promised_delivery"),
        r.getOffsetDateTime("delivery_window_start"),
        r.getOffsetDateTime("delivery_window_end"),
        r.getOffsetDateTime("shipped_at"),
        r.getOffsetDateTime("delivered_at"),
        r.getOffsetDateTime("last_event_at"),
        originPostal == null && originCountry == null
            ? null
            : new Address(
                null,
                null,
                null,
                r.getString("origin_city"),
                r.getString("origin_region"),
                originPostal,
                originCountry),
        new Address(
            null,
            null,
            null,
            r.getString("destination_city"),
            r.getString("destination_region"),
            r.getString("destination_postal_code"),
            r.getString("destination_country")),
        r.getOffsetDateTime("created_at"),
        r.getString("carrier_link"));
  }

  private static PredictedDelivery predicted(Row r) {
    return new PredictedDelivery(
        r.getLocalDate("estimate_likely"),
        r.getLocalDate("estimate_earliest"),
        r.getLocalDate("estimate_latest"),
        r.getLocalDate("estimate_safe"),
        r.getString("estimate_level"),
        r.getString("estimate_confidence"),
        r.getInteger("estimate_samples"));
  }

  private static EventView event(UUID shipmentId, Row r) {
    OffsetDateTime at = r.getOffsetDateTime("e_occurred_at");
    String offset = r.getString("e_offset");
    String city = r.getString("e_city");
    String region = r.getString("e_region");
    String postal = r.getString("e_postal_code");
    String country = r.getString("e_country");
    boolean hasPlace = city != null || region != null || postal != null || country != null;
    return new EventView(
        r.getUUID("e_id"),
        shipmentId,
        offset == null ? at : at.withOffsetSameInstant(ZoneOffset.of(offset)),
        TrackingStatus.valueOf(r.getString("e_status")),
        reason(r.getString("e_reason")),
        r.getString("e_code"),
        r.getString("e_description"),
        hasPlace ? new Location(city, region, postal, country) : null,
        EventSource.valueOf(r.getString("e_source")));
  }

  private static ExceptionReason reason(String value) {
    return value == null ? null : ExceptionReason.valueOf(value);
  }
}
