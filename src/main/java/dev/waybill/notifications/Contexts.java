package dev.waybill.notifications;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.notifications.MessageContext.ShipmentData;
import dev.waybill.notifications.MessageContext.StoreData;
import dev.waybill.orders.OrderItem;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads what messages are made of, for many orders in two queries. */
@ApplicationScoped
public class Contexts {

  private static final String ORDERS =
      """
          SELECT o.id, o.store_id, o.order_number, o.customer_name, o.customer_email,
              o.customer_phone, o.locale, o.time_zone, o.notify_email, o.notify_sms,
              o.items, o.token_version, st.name AS store_name, st.logo_url,
              st.primary_color, st.accent_color, st.support_email, st.support_phone,
              st.support_url, st.custom_message, st.default_locale,
              st.time_zone AS store_time_zone
          FROM orders o
          JOIN stores st ON st.id = o.store_id
          """;

  private static final String SHIPMENTS =
      """
      SELECT id, carrier_code, tracking_number, status, exception_reason,
             -- Waybill's recomputed window first, as the tracking page shows it: a carrier's
             -- date is often stale, most of all when the parcel is late.
             COALESCE(estimate_likely, carrier_estimated_delivery, promised_delivery) AS estimate,
             estimate_earliest, estimate_latest, carrier_link
        FROM shipments
       WHERE id = ANY($1)
      """;

  private static final TypeReference<List<OrderItem>> ITEMS = new TypeReference<>() {};

  private final Pool pool;
  private final ObjectMapper json;

  public Contexts(Pool pool, ObjectMapper json) {
    this.pool = pool;
    this.json = json;
  }

  /** Orders by id, without shipment. */
  public Uni<Map<UUID, MessageContext>> orders(Collection<UUID> orderIds) {
    return pool.preparedQuery(ORDERS + " WHERE o.id = ANY($1)")
        .execute(Tuple.of(orderIds.toArray(new UUID[0])))
        .map(
            rows -> {
              Map<UUID, MessageContext> out = new HashMap<>();
              for (Row r : rows) {
                out.put(r.getUUID("id"), order(r, null));
              }
              return out;
            });
  }

  /** One order of a store by its number, with its first shipment; null when there is none. */
  public Uni<MessageContext> byNumber(UUID storeId, String orderNumber) {
    return pool.preparedQuery(ORDERS + " WHERE o.store_id = $1 AND o.order_number = $2")
        .execute(Tuple.of(storeId, orderNumber))
        .chain(
            rows -> {
              if (rows.size() == 0) {
                return Uni.createFrom().nullItem();
              }
              MessageContext order = order(rows.iterator().next(), null);
              return pool.preparedQuery(
                      """
                          SELECT id
                          FROM shipments
                          WHERE order_id = $1
                          ORDER BY created_at, id
                          LIMIT 1
                          """)
                  .execute(Tuple.of(order.orderId()))
                  .chain(
                      ids ->
                          ids.size() == 0
                              ? Uni.createFrom().item(order)
                              : shipments(List.of(ids.iterator().next().getUUID("id")))
                                  .map(s -> withShipment(order, s.values().iterator().next())));
            });
  }

  public Uni<Map<UUID, ShipmentData>> shipments(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return pool.preparedQuery(SHIPMENTS)
        .execute(Tuple.of(ids.toArray(new UUID[0])))
        .map(
            rows -> {
              Map<UUID, ShipmentData> out = new HashMap<>();
              for (Row r : rows) {
                String reason = r.getString("exception_reason");
                LocalDate estimate = r.getLocalDate("estimate");
                out.put(
                    r.getUUID("id"),
                    new ShipmentData(
                        r.getUUID("id"),
                        r.getString("carrier_code"),
                        r.getString("tracking_number"),
                        TrackingStatus.valueOf(r.getString("status")),
                        reason == null ? null : reasonOf(reason),
                        estimate,
                        r.getLocalDate("estimate_earliest"),
                        r.getLocalDate("estimate_latest"),
                        r.getString("carrier_link")));
              }
              return out;
            });
  }

  static MessageContext withShipment(MessageContext o, ShipmentData s) {
    return new MessageContext(
        o.orderId(),
        o.storeId(),
        o.orderNumber(),
        o.customerName(),
        o.email(),
        o.phone(),
        o.locale(),
        o.timeZone(),
        o.notifyEmail(),
        o.notifySms(),
        o.items(),
        o.tokenVersion(),
        o.store(),
        s);
  }

  private MessageContext order(Row r, ShipmentData shipment) {
    List<OrderItem> items;
    try {
      items = json.readValue(r.getString("items"), ITEMS);
    } catch (Exception e) {
      items = List.of();
    }
    return new MessageContext(
        r.getUUID("id"),
        r.getUUID("store_id"),
        r.getString("order_number"),
        r.getString("customer_name"),
        r.getString("customer_email"),
        r.getString("customer_phone"),
        r.getString("locale"),
        r.getString("time_zone"),
        r.getBoolean("notify_email"),
        r.getBoolean("notify_sms"),
        items,
        r.getInteger("token_version"),
        new StoreData(
            r.getString("store_name"),
            r.getString("logo_url"),
            r.getString("primary_color"),
            r.getString("accent_color"),
            r.getString("support_email"),
            r.getString("support_phone"),
            r.getString("support_url"),
            r.getString("custom_message"),
            r.getString("default_locale"),
            r.getString("store_time_zone")),
        shipment);
  }

  static ExceptionReason reasonOf(String value) {
    try {
      return value == null ? null : ExceptionReason.valueOf(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
