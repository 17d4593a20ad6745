package dev.waybill.connectors.shopify;

import dev.waybill.carriers.InboxHandler.Unreadable;
import dev.waybill.connectors.shopify.ShopifyMapper.MappedOrder;
import dev.waybill.orders.OrderItem;
import dev.waybill.orders.OrderRequests.Address;
import dev.waybill.orders.StoreOrders.StoreOrder;
import dev.waybill.orders.StoreOrders.StoreShipment;
import dev.waybill.shipping.ReportedEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the Admin GraphQL API's {@code Order} nodes, as the import's query selects them, into the
 * same orders and shipments as the webhooks' payloads: the order's numeric id (the tail of its
 * global id) is the one webhooks carry, so both share one record of the version applied. Pure: no
 * I/O, so it is tested on recorded answers.
 */
final class ShopifyOrderNodes {

  /** A fulfillment's {@code status} that ships nothing. */
  private static final Set<String> VOID_STATUSES = Set.of("CANCELLED", "ERROR", "FAILURE");

  /**
   * {@code displayStatus} values that are no news of the parcel itself (the merchant's own steps),
   * so they add no event; the others are the shipment statuses of {@link ShopifyMapper#STATUSES} in
   * upper case.
   */
  private static final Set<String> NO_EVENT =
      Set.of("FULFILLED", "MARKED_AS_FULFILLED", "SUBMITTED", "LABEL_VOIDED", "CANCELED");

  private ShopifyOrderNodes() {}

  /** The numeric id of a global id ({@code gid://shopify/Order/450789469} is 450789469). */
  static String numericId(String gid) {
    if (gid == null || gid.isBlank()) {
      return null;
    }
    String tail = gid.substring(gid.lastIndexOf('/') + 1);
    int query = tail.indexOf('?');
    return query >= 0 ? tail.substring(0, query) : tail;
  }

  static MappedOrder order(JsonObject o) {
    String id = numericId(o.getString("id"));
    if (id == null || id.isBlank()) {
      throw new Unreadable("order without id");
    }
    String name = o.getString("name");
    if (blank(name)) {
      throw new Unreadable("order " + id + " has no name");
    }
    OffsetDateTime updatedAt = time(o, "updatedAt");
    if (updatedAt == null) {
      throw new Unreadable("order " + id + " has no updatedAt");
    }
    JsonObject ship = o.getJsonObject("shippingAddress");
    if (ship == null || blank(ship.getString("countryCodeV2"))) {
      return new MappedOrder(id, updatedAt, null);
    }
    JsonObject customer = o.getJsonObject("customer", new JsonObject());
    String customerName =
        first(
            join(customer.getString("firstName"), customer.getString("lastName")),
            ship.getString("name"),
            join(ship.getString("firstName"), ship.getString("lastName")));
    Address address =
        new Address(
            ship.getString("name"),
            ship.getString("address1"),
            ship.getString("address2"),
            ship.getString("city"),
            first(ship.getString("provinceCode"), ship.getString("province")),
            ship.getString("zip") == null ? "" : ship.getString("zip"),
            ship.getString("countryCodeV2").toUpperCase(Locale.ROOT));
    List<OrderItem> items = new ArrayList<>();
    for (JsonObject li : nodes(o.getValue("lineItems"))) {
      JsonObject image = li.getJsonObject("image");
      items.add(
          new OrderItem(
              truncate(first(li.getString("name"), li.getString("title"), "Item"), 200),
              truncate(li.getString("sku"), 64),
              Math.max(1, li.getInteger("quantity", 1)),
              httpUrl(image == null ? null : image.getString("url"))));
    }
    List<StoreShipment> shipments = new ArrayList<>();
    for (JsonObject f : nodes(o.getValue("fulfillments"))) {
      shipments.addAll(shipments(f));
    }
    return new MappedOrder(
        id,
        updatedAt,
        new StoreOrder(
            name.strip(),
            customerName == null ? "" : truncate(customerName, 200),
            first(o.getString("email")),
            first(o.getString("phone")),
            locale(o.getString("customerLocale")),
            address,
            items,
            time(o, "createdAt"),
            time(o, "cancelledAt"),
            shipments));
  }

  /** One shipment per tracking number of a fulfillment; a cancelled one ships nothing. */
  static List<StoreShipment> shipments(JsonObject f) {
    String status = upper(f.getString("status"));
    String display = upper(f.getString("displayStatus"));
    if (VOID_STATUSES.contains(status) || "CANCELED".equals(display)) {
      return List.of();
    }
    OffsetDateTime at = time(f, "updatedAt");
    if (at == null) {
      at = time(f, "createdAt");
    }
    ReportedEvent event =
        display == null || NO_EVENT.contains(display)
            ? null
            : ShopifyMapper.event(display.toLowerCase(Locale.ROOT), at, f.encode());
    List<StoreShipment> out = new ArrayList<>();
    for (JsonObject t : nodes(f.getValue("trackingInfo"))) {
      String number = t.getString("number");
      if (blank(number)) {
        continue;
      }
      out.add(
          new StoreShipment(
              ShopifyMapper.carrier(t.getString("company")).orElse(null),
              number.strip(),
              httpUrl(t.getString("url")),
              time(f, "createdAt"),
              event));
    }
    return out;
  }

  /** The objects of a list field, or of a connection's {@code nodes} (or {@code edges.node}). */
  private static List<JsonObject> nodes(Object field) {
    JsonArray array = null;
    if (field instanceof JsonArray a) {
      array = a;
    } else if (field instanceof JsonObject connection) {
      array = connection.getJsonArray("nodes");
      if (array == null && connection.getJsonArray("edges") != null) {
        array = new JsonArray();
        for (Object e : connection.getJsonArray("edges")) {
          if (e instanceof JsonObject edge && edge.getJsonObject("node") != null) {
            array.add(edge.getJsonObject("node"));
          }
        }
      }
    }
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

  private static String httpUrl(String url) {
    return url != null && url.matches("https?://\\S+") && url.length() <= 2048 ? url : null;
  }

  private static String upper(String s) {
    return blank(s) ? null : s.strip().toUpperCase(Locale.ROOT);
  }

  private static String join(String firstName, String lastName) {
    String joined =
        ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
    return joined.isEmpty() ? null : joined;
  }

  private static String first(String... values) {
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
