package dev.waybill.connectors.shopify;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Which Shopify fulfillment each tracking number of a connection came from: what the write-back
 * names when it tells Shopify of a status change. Remembered whenever a fulfillment is read, from
 * its own webhook or inside an order; a number moved to another fulfillment follows it.
 */
@ApplicationScoped
public class ShopifyFulfillments {

  /** One tracking number of a fulfillment. */
  public record Parcel(String fulfillmentId, String orderId, String trackingNumber) {}

  private static final String REMEMBER =
      """
      INSERT INTO shopify_fulfillments (connection_id, tracking_number, fulfillment_id, order_id)
      VALUES ($1, $2, $3, $4)
      ON CONFLICT (connection_id, tracking_number) DO UPDATE
      SET fulfillment_id = EXCLUDED.fulfillment_id,
        order_id = coalesce(EXCLUDED.order_id, shopify_fulfillments.order_id)
      WHERE shopify_fulfillments.fulfillment_id <> EXCLUDED.fulfillment_id""";

  private final Pool pool;

  public ShopifyFulfillments(Pool pool) {
    this.pool = pool;
  }

  /** Remembers where these parcels came from; repeating it changes nothing. */
  public Uni<Void> remember(UUID connectionId, List<Parcel> parcels) {
    List<Tuple> rows = new ArrayList<>();
    for (Parcel p : parcels) {
      String number = normalize(p.trackingNumber());
      if (!number.isEmpty() && number.length() <= 64 && p.fulfillmentId() != null) {
        rows.add(Tuple.of(connectionId, number, p.fulfillmentId(), p.orderId()));
      }
    }
    return rows.isEmpty()
        ? Uni.createFrom().voidItem()
        : pool.preparedQuery(REMEMBER).executeBatch(rows).replaceWithVoid();
  }

  /** The parcels of one fulfillment payload (REST webhook shape); a cancelled one has none. */
  static List<Parcel> of(JsonObject fulfillment, String orderId) {
    Object id = fulfillment.getValue("id");
    String status = fulfillment.getString("status");
    if (id == null || "cancelled".equals(status)) {
      return List.of();
    }
    List<Parcel> out = new ArrayList<>();
    List<String> numbers = new ArrayList<>();
    if (fulfillment.getValue("tracking_numbers") instanceof io.vertx.core.json.JsonArray a) {
      a.forEach(n -> numbers.add(String.valueOf(n)));
    }
    if (numbers.isEmpty() && fulfillment.getString("tracking_number") != null) {
      numbers.add(fulfillment.getString("tracking_number"));
    }
    Object order = fulfillment.getValue("order_id");
    String owner = order != null ? String.valueOf(order) : orderId;
    for (String n : numbers) {
      out.add(new Parcel(String.valueOf(id), owner, n));
    }
    return out;
  }

  /** The parcels of every fulfillment inside an order payload. */
  static List<Parcel> ofOrder(JsonObject order) {
    List<Parcel> out = new ArrayList<>();
    Object orderId = order.getValue("id");
    if (order.getValue("fulfillments") instanceof io.vertx.core.json.JsonArray fs) {
      for (Object f : fs) {
        if (f instanceof JsonObject fo) {
          out.addAll(of(fo, orderId == null ? null : String.valueOf(orderId)));
        }
      }
    }
    return out;
  }

  /** As Waybill stores a tracking number: upper case, without spaces. */
  static String normalize(String number) {
    return number == null ? "" : number.replace(" ", "").strip().toUpperCase(Locale.ROOT);
  }
}
