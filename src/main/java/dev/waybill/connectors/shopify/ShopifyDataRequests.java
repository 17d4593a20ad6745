package dev.waybill.connectors.shopify;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Shopify's {@code customers/data_request}: the request is recorded, and the store's admin reads it
 * with everything Waybill holds of that shopper (orders matched by email, any case, or phone, as an
 * erasure matches them) ready to send on. The export is built when read, so it shows what is held
 * then: an order erased or past retention since is no longer in it.
 */
@ApplicationScoped
public class ShopifyDataRequests {

  /** A recorded request, with what Waybill holds of the shopper. */
  @Schema(name = "ShopifyDataRequest")
  public record DataRequestView(
      UUID id,
      @Schema(description = "Shopify's data_request.id") String shopifyRequestId,
      OffsetDateTime receivedAt,
      String customerEmail,
      String customerPhone,
      @Schema(description = "The Shopify order ids the request names") List<String> ordersRequested,
      @Schema(description = "The numbers of the orders Waybill holds for this shopper")
          List<String> ordersHeld,
      @Schema(
              description =
                  "Everything Waybill holds of the shopper: the orders with their contact, address,"
                      + " items and shipments, as JSON to send on")
          Map<String, Object> export) {}

  private static final String RECORD =
      """
      INSERT INTO connector_data_requests (id, connection_id, store_id, kind, external_id,
        customer_email, customer_phone, orders_requested)
      VALUES ($1, $2, $3, 'shopify', $4, $5, $6, $7)
      ON CONFLICT (connection_id, external_id) DO NOTHING""";

  private static final String LIST =
      """
      SELECT id, external_id, received_at, customer_email, customer_phone, orders_requested
      FROM connector_data_requests
      WHERE store_id = $1 AND kind = 'shopify'
      ORDER BY received_at DESC
      LIMIT $2""";

  // The same match as an erasure; anonymized orders hold nothing of the shopper any more.
  private static final String HELD =
      """
      SELECT o.id, o.order_number, o.customer_name, o.customer_email, o.customer_phone, o.locale,
        o.placed_at, o.cancelled_at, o.items, o.ship_name, o.ship_line1, o.ship_line2, o.ship_city,
        o.ship_region, o.ship_postal_code, o.ship_country,
        coalesce((SELECT json_agg(json_build_object('carrier', s.carrier_code,
            'trackingNumber', s.tracking_number, 'status', s.status,
            'shippedAt', s.shipped_at, 'deliveredAt', s.delivered_at) ORDER BY s.created_at)
          FROM shipments s WHERE s.order_id = o.id)::text, '[]') AS shipments
      FROM orders o
      WHERE o.store_id = $1 AND o.anonymized_at IS NULL AND (($2::text <> '' AND
          lower(o.customer_email) = $2) OR ($3::text <> '' AND
          regexp_replace(o.customer_phone, '[^0-9+]', '', 'g') = $3))
      ORDER BY o.placed_at""";

  private final Pool pool;

  public ShopifyDataRequests(Pool pool) {
    this.pool = pool;
  }

  /** Records a request once, however often Shopify sends it. */
  public Uni<Void> record(
      UUID connectionId,
      UUID storeId,
      String requestId,
      String email,
      String phone,
      List<String> ordersRequested) {
    return pool.preparedQuery(RECORD)
        .execute(
            Tuple.tuple()
                .addValue(UUID.randomUUID())
                .addValue(connectionId)
                .addValue(storeId)
                .addValue(requestId)
                .addValue(blank(email) ? null : email.strip())
                .addValue(blank(phone) ? null : phone.strip())
                .addValue(new JsonArray(new ArrayList<>(ordersRequested)).encode()))
        .replaceWithVoid();
  }

  /** The store's latest requests, newest first, each with what is held now. */
  public Uni<List<DataRequestView>> list(UUID storeId, int limit) {
    return pool.preparedQuery(LIST)
        .execute(Tuple.of(storeId, limit))
        .chain(
            rows -> {
              List<Row> found = new ArrayList<>();
              rows.forEach(found::add);
              Uni<List<DataRequestView>> all = Uni.createFrom().item(new ArrayList<>());
              for (Row r : found) {
                all = all.call(list -> view(storeId, r).invoke(list::add));
              }
              return all;
            });
  }

  private Uni<DataRequestView> view(UUID storeId, Row r) {
    String email = r.getString("customer_email");
    String phone = r.getString("customer_phone");
    return pool.preparedQuery(HELD)
        .execute(
            Tuple.of(
                storeId,
                email == null ? "" : email.strip().toLowerCase(Locale.ROOT),
                phone == null ? "" : phone.replaceAll("[^0-9+]", "")))
        .map(
            held -> {
              List<String> numbers = new ArrayList<>();
              JsonArray orders = new JsonArray();
              for (Row o : held) {
                numbers.add(o.getString("order_number"));
                orders.add(order(o));
              }
              List<String> requested = new ArrayList<>();
              new JsonArray(r.getString("orders_requested"))
                  .forEach(x -> requested.add(String.valueOf(x)));
              Map<String, Object> export = new LinkedHashMap<>();
              export.put("customer", Map.of("email", nz(email), "phone", nz(phone)));
              export.put("orders", orders.getList());
              return new DataRequestView(
                  r.getUUID("id"),
                  r.getString("external_id"),
                  r.getOffsetDateTime("received_at"),
                  email,
                  phone,
                  requested,
                  numbers,
                  export);
            });
  }

  private static Map<String, Object> order(Row o) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("orderNumber", o.getString("order_number"));
    out.put("placedAt", String.valueOf(o.getOffsetDateTime("placed_at")));
    if (o.getOffsetDateTime("cancelled_at") != null) {
      out.put("cancelledAt", o.getOffsetDateTime("cancelled_at").toString());
    }
    out.put("customerName", nz(o.getString("customer_name")));
    out.put("email", nz(o.getString("customer_email")));
    out.put("phone", nz(o.getString("customer_phone")));
    out.put("locale", nz(o.getString("locale")));
    Map<String, Object> address = new LinkedHashMap<>();
    address.put("name", nz(o.getString("ship_name")));
    address.put("line1", nz(o.getString("ship_line1")));
    address.put("line2", nz(o.getString("ship_line2")));
    address.put("city", nz(o.getString("ship_city")));
    address.put("region", nz(o.getString("ship_region")));
    address.put("postalCode", nz(o.getString("ship_postal_code")));
    address.put("country", nz(o.getString("ship_country")));
    out.put("shippingAddress", address);
    out.put("items", json(o.getString("items")));
    out.put("shipments", json(o.getString("shipments")));
    return out;
  }

  private static Object json(String text) {
    try {
      return new JsonArray(text == null ? "[]" : text).getList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
