package dev.waybill.connectors.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.waybill.carriers.InboxHandler.Unreadable;
import dev.waybill.orders.StoreOrders.StoreShipment;
import dev.waybill.shipping.TrackingStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShopifyMapperTest {

  static String fixture(String name) {
    try (InputStream in =
        ShopifyMapperTest.class.getResourceAsStream("/connectors/shopify/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void anOrderKeepsItsNameCustomerLocaleAddressAndItemsWithImages() {
    var m = ShopifyMapper.order(fixture("order.json"));

    assertEquals("820982911946154508", m.id());
    assertEquals(OffsetDateTime.parse("2021-12-31T19:00:00-05:00"), m.updatedAt());
    var o = m.order();
    assertEquals("#9999", o.orderNumber());
    assertEquals("John Smith", o.customerName());
    assertEquals("jon@example.com", o.email());
    assertEquals("en", o.locale());
    assertEquals("40003", o.shippingAddress().postalCode());
    assertEquals("US", o.shippingAddress().country());
    assertEquals("KY", o.shippingAddress().region());
    assertEquals("Shippington", o.shippingAddress().city());
    assertEquals(2, o.items().size());
    assertEquals("IPod Nano - 8GB", o.items().get(0).name());
    assertEquals("IPOD2008PINK", o.items().get(0).sku());
    assertNull(o.items().get(0).imageUrl());
    assertEquals(
        "https://cdn.shopify.com/s/files/1/0001/ipod-nano.jpg", o.items().get(1).imageUrl());
    assertNull(o.cancelledAt());
    assertEquals(List.of(), o.shipments());
  }

  @Test
  void aCancelledOrderCarriesItsCancellation() {
    JsonObject o = new JsonObject(fixture("order.json"));
    o.put("cancelled_at", "2022-01-02T10:00:00-05:00").put("cancel_reason", "customer");

    assertEquals(
        OffsetDateTime.parse("2022-01-02T10:00:00-05:00"),
        ShopifyMapper.order(o.encode()).order().cancelledAt());
  }

  @Test
  void anOrderWithoutShippingAddressHasNothingToTrack() {
    JsonObject o = new JsonObject(fixture("order.json"));
    o.putNull("shipping_address");

    assertNull(ShopifyMapper.order(o.encode()).order());
  }

  @Test
  void eachTrackingNumberOfAFulfillmentIsOneShipmentWithItsLink() {
    JsonObject f = new JsonObject(fixture("fulfillment.json"));
    f.put("tracking_numbers", new JsonArray().add("1Z999AA10123456784").add("1Z999AA10123456785"))
        .put(
            "tracking_urls",
            new JsonArray()
                .add("https://www.ups.com/track?tracknum=1Z999AA10123456784")
                .add("https://www.ups.com/track?tracknum=1Z999AA10123456785"))
        .put("shipment_status", "in_transit");

    var m = ShopifyMapper.fulfillment(f.encode());

    assertEquals("123456", m.id());
    assertEquals("820982911946154508", m.orderId());
    assertEquals("#9999", m.orderNumber());
    List<StoreShipment> s = m.shipments();
    assertEquals(2, s.size());
    assertEquals("ups", s.get(0).carrier());
    assertEquals("1Z999AA10123456785", s.get(1).trackingNumber());
    assertEquals("https://www.ups.com/track?tracknum=1Z999AA10123456785", s.get(1).carrierLink());
    assertEquals(TrackingStatus.IN_TRANSIT, s.get(0).event().status());
    assertEquals(OffsetDateTime.parse("2021-12-31T19:00:00-05:00"), s.get(0).event().occurredAt());
  }

  @Test
  void theDocumentedFulfillmentMapsItsSingleNumber() {
    var s = ShopifyMapper.fulfillment(fixture("fulfillment.json")).shipments();

    assertEquals(1, s.size());
    assertEquals("1Z2345", s.get(0).trackingNumber());
    assertNull(s.get(0).event(), "no shipment_status, no event");
  }

  @Test
  void trackingCompaniesMapThroughTheTableAndUnknownOnesAreLeftToDetection() {
    assertEquals("ups", ShopifyMapper.carrier("UPS").orElseThrow());
    assertEquals("fedex", ShopifyMapper.carrier("FedEx").orElseThrow());
    assertEquals("usps", ShopifyMapper.carrier("USPS").orElseThrow());
    assertEquals("dhl-express", ShopifyMapper.carrier("DHL Express").orElseThrow());
    assertEquals("dhl-ecommerce", ShopifyMapper.carrier("DHL eCommerce").orElseThrow());
    assertEquals("royal-mail", ShopifyMapper.carrier("Royal Mail").orElseThrow());
    assertEquals("canada-post", ShopifyMapper.carrier("Canada Post").orElseThrow());
    assertEquals(true, ShopifyMapper.carrier("Bob's Couriers").isEmpty());
    assertEquals(true, ShopifyMapper.carrier(null).isEmpty());
  }

  @Test
  void everyShipmentStatusShopifyDocumentsIsMappedAndAnUnknownOneMovesNothing() {
    OffsetDateTime at = OffsetDateTime.parse("2022-01-01T00:00:00Z");
    for (String code :
        List.of(
            "label_printed",
            "label_purchased",
            "attempted_delivery",
            "ready_for_pickup",
            "confirmed",
            "in_transit",
            "out_for_delivery",
            "delivered",
            "failure")) {
      var e = ShopifyMapper.event(code, at, "{}");
      assertEquals(true, e.status() != TrackingStatus.UNKNOWN, code);
    }
    assertEquals(TrackingStatus.DELIVERED, ShopifyMapper.event("delivered", at, "{}").status());
    assertEquals(
        TrackingStatus.DELIVERY_ATTEMPTED,
        ShopifyMapper.event("attempted_delivery", at, "{}").status());
    assertEquals(TrackingStatus.UNKNOWN, ShopifyMapper.event("teleported", at, "{}").status());
  }

  @Test
  void aCancelledFulfillmentShipsNothing() {
    JsonObject f = new JsonObject(fixture("fulfillment.json")).put("status", "cancelled");

    assertEquals(List.of(), ShopifyMapper.fulfillment(f.encode()).shipments());
  }

  @Test
  void aPayloadThatIsNotAnOrderIsUnreadable() {
    assertThrows(Unreadable.class, () -> ShopifyMapper.order("not json"));
    assertThrows(Unreadable.class, () -> ShopifyMapper.order("{\"name\":\"#1\"}"));
    assertThrows(
        Unreadable.class,
        () -> ShopifyMapper.order("{\"id\":1,\"name\":\"#1\",\"updated_at\":\"yesterday\"}"));
  }
}
