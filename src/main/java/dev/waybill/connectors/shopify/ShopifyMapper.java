package dev.waybill.connectors.shopify;

import dev.waybill.carriers.InboxHandler.Unreadable;
import dev.waybill.orders.OrderItem;
import dev.waybill.orders.OrderRequests.Address;
import dev.waybill.orders.StoreOrders.StoreOrder;
import dev.waybill.orders.StoreOrders.StoreShipment;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingStatus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns Shopify's webhook payloads (the Admin API's order and fulfillment resources) into Waybill's
 * orders and shipments. Pure: no I/O, so it is tested on payloads shaped as Shopify documents them.
 */
final class ShopifyMapper {

  /**
   * Shopify's {@code tracking_company} names (as its carrier list spells them, compared without
   * case) to Waybill carrier codes. A code this Waybill does not know falls back to detection from
   * the tracking number, as does a company not listed.
   */
  static final Map<String, String> CARRIERS =
      Map.ofEntries(
          Map.entry("ups", "ups"),
          Map.entry("fedex", "fedex"),
          Map.entry("usps", "usps"),
          Map.entry("dhl express", "dhl-express"),
          Map.entry("dhl ecommerce", "dhl-ecommerce"),
          Map.entry("dhl ecommerce asia", "dhl-ecommerce"),
          Map.entry("royal mail", "royal-mail"),
          Map.entry("canada post", "canada-post"));

  /**
   * Shopify's fulfillment {@code shipment_status} values to Waybill statuses. {@code picked_up} is
   * the shopper collecting the parcel, so it counts as delivered.
   */
  static final Map<String, TrackingStatus> STATUSES =
      Map.ofEntries(
          Map.entry("label_printed", TrackingStatus.INFO_RECEIVED),
          Map.entry("label_purchased", TrackingStatus.INFO_RECEIVED),
          Map.entry("confirmed", TrackingStatus.INFO_RECEIVED),
          Map.entry("carrier_picked_up", TrackingStatus.PICKED_UP),
          Map.entry("in_transit", TrackingStatus.IN_TRANSIT),
          Map.entry("out_for_delivery", TrackingStatus.OUT_FOR_DELIVERY),
          Map.entry("attempted_delivery", TrackingStatus.DELIVERY_ATTEMPTED),
          Map.entry("ready_for_pickup", TrackingStatus.AVAILABLE_FOR_PICKUP),
          Map.entry("picked_up", TrackingStatus.DELIVERED),
          Map.entry("delivered", TrackingStatus.DELIVERED),
          Map.entry("delayed", TrackingStatus.EXCEPTION),
          Map.entry("failure", TrackingStatus.EXCEPTION));

  /**
   * An order payload, mapped.
   *
   * @param id Shopify's order id
   * @param order null when the order has nothing Waybill can track (no shipping address)
   */
  record MappedOrder(String id, OffsetDateTime updatedAt, StoreOrder order) {}

  /**
   * A fulfillment payload, mapped.
   *
   * @param orderNumber the order's name as the fulfillment's own name shows it ({@code #1001.1} is
   *     the first fulfillment of {@code #1001}), or null
   */
  record MappedFulfillment(
      String id,
      String orderId,
      String orderNumber,
      OffsetDateTime updatedAt,
      List<StoreShipment> shipments) {}

  private ShopifyMapper() {}

  static JsonObject parse(String payload) {
    try {
      return new JsonObject(payload == null ? "" : payload);
    } catch (DecodeException | ClassCastException e) {
      throw new Unreadable("not a JSON object");
    }
  }

  static MappedOrder order(String payload) {
    JsonObject o = parse(payload);
    String id = required(o, "id");
    String name = o.getString("name");
    if (name == null || name.isBlank()) {
      throw new Unreadable("order " + id + " has no name");
    }
    OffsetDateTime updatedAt = time(o, "updated_at");
    if (updatedAt == null) {
      throw new Unreadable("order " + id + " has no updated_at");
    }
    JsonObject ship = o.getJsonObject("shipping_address");
    if (ship == null || blank(ship.getString("country_code"))) {
      return new MappedOrder(id, updatedAt, null);
    }
    JsonObject customer = o.getJsonObject("customer", new JsonObject());
    String customerName =
        firstNonBlank(
            join(customer.getString("first_name"), customer.getString("last_name")),
            ship.getString("name"),
            join(ship.getString("first_name"), ship.getString("last_name")));
    String email =
        firstNonBlank(
            o.getString("email"), o.getString("contact_email"), customer.getString("email"));
    String phone = firstNonBlank(o.getString("phone"), customer.getString("phone"));
    Address address =
        new Address(
            ship.getString("name"),
            ship.getString("address1"),
            ship.getString("address2"),
            ship.getString("city"),
            firstNonBlank(ship.getString("province_code"), ship.getString("province")),
            ship.getString("zip") == null ? "" : ship.getString("zip"),
            ship.getString("country_code").toUpperCase(Locale.ROOT));
    List<OrderItem> items = new ArrayList<>();
    for (JsonObject li : objects(o.getJsonArray("line_items"))) {
      String title = firstNonBlank(li.getString("name"), li.getString("title"), "Item");
      items.add(
          new OrderItem(
              truncate(title, 200),
              truncate(li.getString("sku"), 64),
              Math.max(1, li.getInteger("quantity", 1)),
              image(li)));
    }
    List<StoreShipment> shipments = new ArrayList<>();
    for (JsonObject f : objects(o.getJsonArray("fulfillments"))) {
      shipments.addAll(fulfillmentShipments(f));
    }
    return new MappedOrder(
        id,
        updatedAt,
        new StoreOrder(
            name.strip(),
            customerName == null ? "" : truncate(customerName, 200),
            email,
            phone,
            locale(o.getString("customer_locale")),
            address,
            items,
            time(o, "created_at"),
            time(o, "cancelled_at"),
            shipments));
  }

  static MappedFulfillment fulfillment(String payload) {
    JsonObject f = parse(payload);
    String id = required(f, "id");
    String orderId = required(f, "order_id");
    OffsetDateTime updatedAt = time(f, "updated_at");
    if (updatedAt == null) {
      updatedAt = time(f, "created_at");
    }
    if (updatedAt == null) {
      throw new Unreadable("fulfillment " + id + " has no updated_at");
    }
    String name = f.getString("name");
    String orderNumber =
        name != null && name.lastIndexOf('.') > 0 ? name.substring(0, name.lastIndexOf('.')) : null;
    return new MappedFulfillment(id, orderId, orderNumber, updatedAt, fulfillmentShipments(f));
  }

  /** One shipment per tracking number of a fulfillment; a cancelled fulfillment ships nothing. */
  static List<StoreShipment> fulfillmentShipments(JsonObject f) {
    String status = f.getString("status");
    if ("cancelled".equals(status) || "error".equals(status) || "failure".equals(status)) {
      return List.of();
    }
    List<String> numbers = strings(f.getJsonArray("tracking_numbers"));
    if (numbers.isEmpty() && !blank(f.getString("tracking_number"))) {
      numbers = List.of(f.getString("tracking_number"));
    }
    List<String> urls = strings(f.getJsonArray("tracking_urls"));
    if (urls.isEmpty() && !blank(f.getString("tracking_url"))) {
      urls = List.of(f.getString("tracking_url"));
    }
    String carrier = carrier(f.getString("tracking_company")).orElse(null);
    OffsetDateTime at = time(f, "updated_at");
    if (at == null) {
      at = time(f, "created_at");
    }
    ReportedEvent event = event(f.getString("shipment_status"), at, f.encode());
    List<StoreShipment> out = new ArrayList<>();
    for (int i = 0; i < numbers.size(); i++) {
      String number = numbers.get(i).strip();
      if (number.isEmpty()) {
        continue;
      }
      String url = i < urls.size() ? urls.get(i) : (urls.size() == 1 ? urls.get(0) : null);
      out.add(new StoreShipment(carrier, number, httpUrl(url), time(f, "created_at"), event));
    }
    return out;
  }

  /** The Waybill carrier code for Shopify's {@code tracking_company}, when the table has it. */
  static Optional<String> carrier(String trackingCompany) {
    if (blank(trackingCompany)) {
      return Optional.empty();
    }
    return Optional.ofNullable(CARRIERS.get(trackingCompany.strip().toLowerCase(Locale.ROOT)));
  }

  /**
   * The event a {@code shipment_status} reports, or null when there is none. A value missing from
   * the table becomes {@link TrackingStatus#UNKNOWN}, which moves nothing and is counted.
   */
  static ReportedEvent event(String shipmentStatus, OffsetDateTime at, String raw) {
    if (blank(shipmentStatus) || at == null) {
      return null;
    }
    String code = shipmentStatus.strip().toLowerCase(Locale.ROOT);
    TrackingStatus status = STATUSES.getOrDefault(code, TrackingStatus.UNKNOWN);
    ExceptionReason reason =
        switch (code) {
          case "delayed" -> ExceptionReason.CARRIER_CAPACITY_DELAY;
          case "failure" -> ExceptionReason.OTHER;
          case "attempted_delivery" -> ExceptionReason.CONSIGNEE_NOT_HOME;
          default -> null;
        };
    return new ReportedEvent(
        at,
        status,
        reason,
        "shopify:" + code,
        "Shopify: " + code.replace('_', ' '),
        null,
        null,
        null,
        null,
        null);
  }

  private static String image(JsonObject lineItem) {
    Object image = lineItem.getValue("image");
    String url = null;
    if (image instanceof JsonObject img) {
      url = img.getString("src");
    } else if (image instanceof String s) {
      url = s;
    }
    if (url == null) {
      url = lineItem.getString("image_url");
    }
    return httpUrl(url);
  }

  private static String httpUrl(String url) {
    return url != null && url.matches("https?://\\S+") && url.length() <= 2048 ? url : null;
  }

  private static String locale(String customerLocale) {
    if (blank(customerLocale)) {
      return null;
    }
    String[] parts = customerLocale.strip().replace('_', '-').split("-");
    String language = parts[0].toLowerCase(Locale.ROOT);
    if (!language.matches("[a-z]{2}")) {
      return null;
    }
    return parts.length > 1 && parts[1].matches("[A-Za-z]{2}")
        ? language + "-" + parts[1].toUpperCase(Locale.ROOT)
        : language;
  }

  private static String required(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (v == null) {
      throw new Unreadable("no " + field);
    }
    return String.valueOf(v);
  }

  private static OffsetDateTime time(JsonObject o, String field) {
    String v = o.getString(field);
    if (blank(v)) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v);
    } catch (DateTimeParseException e) {
      throw new Unreadable(field + " is not a timestamp");
    }
  }

  private static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> out = new ArrayList<>();
    if (array != null) {
      for (Object x : array) {
        if (x instanceof JsonObject j) {
          out.add(j);
        }
      }
    }
    return out;
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      for (Object x : array) {
        if (x instanceof String s && !s.isBlank()) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static String join(String first, String last) {
    String joined = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
    return joined.isEmpty() ? null : joined;
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (!blank(v)) {
        return v.strip();
      }
    }
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String truncate(String s, int max) {
    return s == null ? null : s.length() <= max ? s : s.substring(0, max);
  }
}
