package dev.waybill.connectors.woocommerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waybill.connectors.woocommerce.WooStatusTable.Disposition;
import dev.waybill.orders.OrderItem;
import dev.waybill.orders.OrderRequests.CreateOrder;
import dev.waybill.orders.OrderRequests.CreateShipment;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WooOrderMapperTest {

  private static final Set<String> KNOWN = Set.of("ups", "usps", "fedex", "dhl", "royal-mail");
  private final WooOrderMapper mapper = new WooOrderMapper(KNOWN::contains);

  @Test
  void theDocumentedOrderBecomesAnOrderWithItsShopperAddressAndItems() {
    WooOrder w = mapper.map(WooFixtures.order());

    assertTrue(w.complete(), () -> w.problems().toString());
    assertEquals(727, w.id());
    assertEquals(OffsetDateTime.of(2017, 3, 22, 19, 28, 8, 0, ZoneOffset.UTC), w.modifiedAt());
    assertEquals(Disposition.FULFILLED, w.disposition());
    CreateOrder o = w.order();
    assertEquals("727", o.orderNumber());
    assertEquals("John Doe", o.customer().name());
    assertEquals("john.doe@example.com", o.customer().email());
    assertEquals("(555) 555-5555", o.customer().phone());
    assertEquals("94103", o.shippingAddress().postalCode());
    assertEquals("US", o.shippingAddress().country());
    assertEquals("969 Market", o.shippingAddress().line1());
    assertNull(o.shippingAddress().line2());
    assertEquals(OffsetDateTime.of(2017, 3, 22, 19, 28, 2, 0, ZoneOffset.UTC), o.placedAt());
    assertEquals(2, o.items().size());
    OrderItem first = o.items().get(0);
    assertEquals("Woo Single #1", first.name());
    assertEquals(2, first.quantity());
    assertNull(first.sku());
    assertEquals("https://example.com/wp-content/uploads/2017/03/T_2_front.jpg", first.imageUrl());
    assertEquals("Bar3", o.items().get(1).sku());
    assertNull(o.items().get(1).imageUrl(), "an empty image src is no image");
  }

  @Test
  void eachShipmentTrackingItemBecomesAShipmentWithItsMappedCarrier() {
    WooOrder w = mapper.map(WooFixtures.order());

    assertEquals(2, w.shipments().size());
    CreateShipment usps = w.shipments().get(0);
    assertEquals("usps", usps.carrier());
    assertEquals("9400111899223100001234", usps.trackingNumber());
    assertEquals(OffsetDateTime.of(2017, 3, 22, 20, 0, 0, 0, ZoneOffset.UTC), usps.shippedAt());
    CreateShipment custom = w.shipments().get(1);
    assertNull(custom.carrier(), "an unknown custom provider leaves the carrier to detection");
    assertEquals(
        "https://track.acme.example/?n=ACME12345678", w.trackingLinks().get("ACME12345678"));
    assertEquals(w.shipments(), w.order().shipments());
  }

  @Test
  void providerNamesAndSlugsMapAlikeAndCodesWaybillLacksFallBackToDetection() {
    ObjectNode o = WooFixtures.order();
    ArrayNode items = (ArrayNode) o.withArray("meta_data").get(0).withArray("value");
    items.removeAll();
    items
        .addObject()
        .put("tracking_provider", "royal-mail")
        .put("tracking_number", "AB123456789GB");
    items
        .addObject()
        .put("tracking_provider", "Royal Mail")
        .put("tracking_number", "CD123456789GB");
    items
        .addObject()
        .put("tracking_provider", "dpd-co-uk")
        .put("tracking_number", "15501234567890");
    items
        .addObject()
        .put("custom_tracking_provider", "UPS")
        .put("tracking_number", "1Z999AA10123456784")
        .put("date_shipped", "2017-03-23");

    WooOrder w = mapper.map(o);

    assertEquals("royal-mail", w.shipments().get(0).carrier());
    assertEquals("royal-mail", w.shipments().get(1).carrier());
    assertNull(w.shipments().get(2).carrier(), "dpd-uk is not a carrier here");
    assertEquals("ups", w.shipments().get(3).carrier());
    assertEquals(
        OffsetDateTime.of(2017, 3, 23, 0, 0, 0, 0, ZoneOffset.UTC),
        w.shipments().get(3).shippedAt());
    assertEquals("dpd-uk", WooProviders.carrierOf("DPD.co.uk").orElseThrow());
  }

  @Test
  void trackingItemsStoredAsAnObjectAreReadAndRepeatedNumbersOnce() {
    ObjectNode o = WooFixtures.order();
    ObjectNode byKey = WooFixtures.JSON.createObjectNode();
    byKey
        .putObject("0")
        .put("tracking_provider", "ups")
        .put("tracking_number", "1Z999AA10123456784");
    byKey
        .putObject("2")
        .put("tracking_provider", "ups")
        .put("tracking_number", "1z999aa1-0123456784");
    ((ObjectNode) o.withArray("meta_data").get(0)).set("value", byKey);

    WooOrder w = mapper.map(o);

    assertEquals(1, w.shipments().size());
    assertEquals("ups", w.shipments().get(0).carrier());
  }

  @Test
  void aTrackingNumberWaybillCannotTakeIsLeftOutAndNamed() {
    ObjectNode o = WooFixtures.order();
    ArrayNode items = (ArrayNode) o.withArray("meta_data").get(0).withArray("value");
    items.addObject().put("tracking_provider", "ups").put("tracking_number", "<script>");

    WooOrder w = mapper.map(o);

    assertEquals(2, w.shipments().size());
    assertTrue(w.problems().get(0).startsWith("meta_data._wc_shipment_tracking_items"));
    assertTrue(w.complete());
  }

  @Test
  void aVirtualOrderWithoutShippingAddressUsesTheBillingAddress() {
    ObjectNode o = WooFixtures.order();
    ObjectNode shipping = o.putObject("shipping");
    shipping.put("first_name", "").put("postcode", "").put("country", "");
    ((ObjectNode) o.get("billing")).put("postcode", "10115").put("country", "DE");

    WooOrder w = mapper.map(o);

    assertTrue(w.complete());
    assertEquals("10115", w.order().shippingAddress().postalCode());
    assertEquals("DE", w.order().shippingAddress().country());
  }

  @Test
  void anOrderWithoutEmailOrAddressIsNotWrittenAndSaysWhy() {
    ObjectNode o = WooFixtures.order();
    ((ObjectNode) o.get("billing")).put("email", "").put("postcode", "");
    ((ObjectNode) o.get("shipping")).put("postcode", "");

    WooOrder w = mapper.map(o);

    assertFalse(w.complete());
    assertTrue(w.problems().stream().anyMatch(p -> p.startsWith("billing.email")));
    assertTrue(w.problems().stream().anyMatch(p -> p.startsWith("shipping.postcode")));
  }

  @Test
  void anOrderNumberWaybillCannotTakeFallsBackToTheId() {
    ObjectNode o = WooFixtures.order();
    o.put("number", "Order 727 (web)");

    assertEquals("727", mapper.map(o).order().orderNumber());
  }

  @Test
  void theShoppersLanguageComesFromWpml() {
    ObjectNode o = WooFixtures.order();
    o.withArray("meta_data")
        .addObject()
        .put("id", 1)
        .put("key", "wpml_language")
        .put("value", "de");

    assertEquals("de", mapper.map(o).order().locale());
  }

  @Test
  void everyDocumentedStatusIsInTheTableAndOthersAreUnknown() {
    for (String s :
        new String[] {
          "pending",
          "processing",
          "on-hold",
          "completed",
          "cancelled",
          "refunded",
          "failed",
          "trash"
        }) {
      assertTrue(WooStatusTable.known(s), s);
    }
    assertEquals(Disposition.OPEN, WooStatusTable.of("processing"));
    assertEquals(Disposition.CANCELLED, WooStatusTable.of("refunded"));
    assertEquals(Disposition.CANCELLED, WooStatusTable.of("wc-cancelled"));
    assertEquals(Disposition.DELETED, WooStatusTable.of("trash"));
    assertEquals(Disposition.AWAITING_PAYMENT, WooStatusTable.of("pending"));
    assertEquals(Disposition.UNKNOWN, WooStatusTable.of("awaiting-pickup"));
    assertTrue(Disposition.UNKNOWN.imports());
    assertFalse(Disposition.AWAITING_PAYMENT.imports());
  }
}
