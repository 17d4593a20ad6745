package dev.waybill.connectors.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.connectors.woocommerce.WooStatusTable.Disposition;
import dev.waybill.orders.OrderItem;
import dev.waybill.orders.OrderRequests.Address;
import dev.waybill.orders.OrderRequests.CreateOrder;
import dev.waybill.orders.OrderRequests.CreateShipment;
import dev.waybill.orders.OrderRequests.Customer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads a WooCommerce REST API v3 order (the body of an {@code order.*} webhook and each element of
 * {@code GET /wp-json/wc/v3/orders}) into Waybill's order and shipment requests. Pure: no I/O, no
 * clock. Tracking numbers come from the {@code _wc_shipment_tracking_items} meta that the Shipment
 * Tracking extension and the Advanced Shipment Tracking plugin both write.
 */
public final class WooOrderMapper {

  static final String TRACKING_META = "_wc_shipment_tracking_items";

  private static final Pattern ORDER_NUMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._#/-]{0,63}");
  private static final Pattern TRACKING_NUMBER = Pattern.compile("[A-Za-z0-9 -]{4,64}");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{5,32}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}(-[A-Z]{2})?");
  private static final Pattern IMAGE_URL = Pattern.compile("https?://\\S{1,2040}");
  private static final int MAX_ITEMS = 200;
  private static final int MAX_SHIPMENTS = 20;

  private final Predicate<String> knownCarrier;

  /**
   * @param knownCarrier whether Waybill knows a carrier code; a provider mapped to a code it does
   *     not know is left to detection from the number
   */
  public WooOrderMapper(Predicate<String> knownCarrier) {
    this.knownCarrier = knownCarrier;
  }

  /** Reads one order. Never throws for a well-formed JSON object; gaps end up in problems. */
  public WooOrder map(JsonNode o) {
    List<String> problems = new ArrayList<>();
    long id = o.path("id").asLong(0);
    if (id <= 0) {
      problems.add("id: missing");
    }
    OffsetDateTime modified = gmt(o.path("date_modified_gmt"));
    if (modified == null) {
      problems.add("date_modified_gmt: missing or not a date");
    }
    String status = text(o.path("status"));
    Disposition disposition = WooStatusTable.of(status);

    Map<String, String> links = new LinkedHashMap<>();
    List<CreateShipment> shipments = shipments(o.path("meta_data"), links, problems);

    JsonNode billing = o.path("billing");
    JsonNode shipping = o.path("shipping");
    String email = text(billing.path("email"));
    if (email == null || !EMAIL.matcher(email).matches() || email.length() > 254) {
      problems.add("billing.email: missing or not an email address");
      email = null;
    }
    String name = fullName(billing);
    if (name == null) {
      name = fullName(shipping);
    }
    if (name == null) {
      name = email;
    }
    String phone = text(billing.path("phone"));
    if (phone == null || !PHONE.matcher(phone).matches()) {
      phone = text(shipping.path("phone"));
      phone = phone != null && PHONE.matcher(phone).matches() ? phone : null;
    }
    Address address = address(shipping);
    if (address == null) {
      // Orders of virtual goods carry no shipping address; the billing one still places the
      // shopper for lookups by postal code and for delivery promises.
      address = address(billing);
    }
    if (address == null) {
      problems.add("shipping.postcode: no postal code and country in shipping or billing");
    }
    List<OrderItem> items = items(o.path("line_items"));
    if (items.isEmpty()) {
      problems.add("line_items: none with a name and a quantity");
    }
    String number = text(o.path("number"));
    if (number == null || !ORDER_NUMBER.matcher(number).matches()) {
      number = id > 0 ? Long.toString(id) : null;
    }

    CreateOrder order = null;
    if (id > 0 && modified != null && email != null && address != null && !items.isEmpty()) {
      order =
          new CreateOrder(
              number,
              new Customer(truncate(name, 200), email, phone),
              items,
              address,
              gmt(o.path("date_created_gmt")),
              locale(o.path("meta_data")),
              null,
              null,
              shipments);
    }
    return new WooOrder(
        id,
        modified,
        status,
        disposition,
        order,
        List.copyOf(shipments),
        Map.copyOf(links),
        List.copyOf(problems));
  }

  private List<CreateShipment> shipments(
      JsonNode meta, Map<String, String> links, List<String> problems) {
    List<CreateShipment> out = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (JsonNode entry : meta) {
      if (!TRACKING_META.equals(entry.path("key").asText())) {
        continue;
      }
      // PHP arrays with gaps in their keys arrive as JSON objects, not arrays.
      for (JsonNode item : entry.path("value")) {
        String number = text(item.path("tracking_number"));
        if (number == null) {
          continue;
        }
        number = number.strip();
        if (!TRACKING_NUMBER.matcher(number).matches()) {
          problems.add("meta_data." + TRACKING_META + ".tracking_number: not a tracking number");
          continue;
        }
        String key = number.replaceAll("[ -]", "").toUpperCase(Locale.ROOT);
        if (seen.contains(key) || out.size() >= MAX_SHIPMENTS) {
          continue;
        }
        seen.add(key);
        String provider = text(item.path("tracking_provider"));
        String custom = text(item.path("custom_tracking_provider"));
        String carrier =
            WooProviders.carrierOf(provider)
                .or(() -> WooProviders.carrierOf(custom))
                .filter(knownCarrier)
                .orElse(null);
        String link = text(item.path("custom_tracking_link"));
        if (link != null && IMAGE_URL.matcher(link).matches()) {
          links.put(number, link);
        }
        out.add(new CreateShipment(carrier, number, null, null, null, null, shipped(item)));
      }
    }
    return out;
  }

  private static List<OrderItem> items(JsonNode lines) {
    List<OrderItem> items = new ArrayList<>();
    for (JsonNode line : lines) {
      String name = text(line.path("name"));
      int quantity = line.path("quantity").asInt(0);
      if (name == null || quantity < 1 || items.size() >= MAX_ITEMS) {
        continue;
      }
      String sku = text(line.path("sku"));
      String image = text(line.path("image").path("src"));
      items.add(
          new OrderItem(
              truncate(name, 200),
              sku == null ? null : truncate(sku, 64),
              Math.min(quantity, 10000),
              image != null && IMAGE_URL.matcher(image).matches() ? image : null));
    }
    return List.copyOf(items);
  }

  private static Address address(JsonNode a) {
    String postcode = text(a.path("postcode"));
    String country = text(a.path("country"));
    if (postcode == null || country == null) {
      return null;
    }
    country = country.toUpperCase(Locale.ROOT);
    if (!COUNTRY.matcher(country).matches() || postcode.length() > 20) {
      return null;
    }
    String company = text(a.path("company"));
    String name = fullName(a);
    return new Address(
        truncate(name != null ? name : company, 200),
        truncate(text(a.path("address_1")), 200),
        truncate(text(a.path("address_2")), 200),
        truncate(text(a.path("city")), 100),
        truncate(text(a.path("state")), 100),
        postcode,
        country);
  }

  /** WPML and Polylang record the language the shopper ordered in. */
  private static String locale(JsonNode meta) {
    for (JsonNode entry : meta) {
      String key = entry.path("key").asText();
      if (key.equals("wpml_language") || key.equals("pll_language")) {
        String value = text(entry.path("value"));
        if (value != null) {
          String tag = value.replace('_', '-');
          if (LANGUAGE.matcher(tag).matches()) {
            return tag;
          }
        }
      }
    }
    return null;
  }

  /** {@code date_shipped}: Unix seconds in the Shipment Tracking extension, a date in AST. */
  private static OffsetDateTime shipped(JsonNode item) {
    String value = text(item.path("date_shipped"));
    if (value == null) {
      return null;
    }
    try {
      if (value.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochSecond(Long.parseLong(value)).atOffset(ZoneOffset.UTC);
      }
      return LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
  }

  /** WooCommerce's {@code *_gmt} dates are UTC without an offset. */
  static OffsetDateTime gmt(JsonNode value) {
    String s = text(value);
    if (s == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(s).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  private static String fullName(JsonNode a) {
    String first = text(a.path("first_name"));
    String last = text(a.path("last_name"));
    if (first == null && last == null) {
      return null;
    }
    return first == null ? last : last == null ? first : first + " " + last;
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
      return null;
    }
    String s = node.asText().strip();
    return s.isEmpty() ? null : s;
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
