package dev.waybill.connectors.shopify;

import static dev.waybill.connectors.shopify.ShopifyMapperTest.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.InboxHandler.Unreadable;
import dev.waybill.connectors.shopify.ShopifyMapper.MappedOrder;
import dev.waybill.orders.StoreOrders.StoreShipment;
import dev.waybill.shipping.TrackingStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The Admin GraphQL API's Order nodes, as the import's query returns them, become orders. */
class ShopifyOrderNodesTest {

  private static JsonArray nodes() {
    return new JsonObject(fixture("graphql-orders.json"))
        .getJsonObject("data")
        .getJsonObject("orders")
        .getJsonArray("nodes");
  }

  @Test
  void anOrderNodeKeepsItsNameContactLocaleAddressAndItemsWithImages() {
    MappedOrder m = ShopifyOrderNodes.order(nodes().getJsonObject(0));

    assertEquals("450789469", m.id(), "the numeric id webhooks carry, so both share one version");
    assertEquals(OffsetDateTime.parse("2026-12-01T10:00:00Z"), m.updatedAt());
    var o = m.order();
    assertEquals("#1001", o.orderNumber());
    assertEquals("Bob Norman", o.customerName());
    assertEquals("bob.norman@mail.example.com", o.email());
    assertEquals("+13125551212", o.phone());
    assertEquals("en-CA", o.locale());
    assertEquals("Chestnut Street 92", o.shippingAddress().line1());
    assertEquals("KY", o.shippingAddress().region());
    assertEquals("40202", o.shippingAddress().postalCode());
    assertEquals("US", o.shippingAddress().country());
    assertEquals(OffsetDateTime.parse("2026-11-20T10:00:00Z"), o.placedAt());
    assertNull(o.cancelledAt());
    assertEquals(2, o.items().size());
    assertEquals("IPod Nano - 8gb - green", o.items().get(0).name());
    assertEquals("IPOD2008GREEN", o.items().get(0).sku());
    assertTrue(o.items().get(0).imageUrl().contains("ipod-nano-green.png"));
    assertEquals(2, o.items().get(1).quantity());
    assertNull(o.items().get(1).imageUrl());
  }

  @Test
  void
      eachTrackingNumberIsAShipmentWithItsCarrierLinkAndStatusButACancelledFulfillmentShipsNothing() {
    var shipments = ShopifyOrderNodes.order(nodes().getJsonObject(0)).order().shipments();

    assertEquals(1, shipments.size(), "the cancelled fulfillment adds no parcel");
    StoreShipment s = shipments.get(0);
    assertEquals("ups", s.carrier());
    assertEquals("1Z2345ER0394802920", s.trackingNumber());
    assertTrue(s.carrierLink().startsWith("https://www.ups.com/"));
    assertEquals(OffsetDateTime.parse("2026-11-21T09:00:00Z"), s.shippedAt());
    assertEquals(TrackingStatus.IN_TRANSIT, s.event().status());
    assertEquals(OffsetDateTime.parse("2026-11-22T15:30:00Z"), s.event().occurredAt());
  }

  @Test
  void anOrderWithoutShippingAddressHasNothingToTrack() {
    MappedOrder m = ShopifyOrderNodes.order(nodes().getJsonObject(1));

    assertEquals("450789470", m.id());
    assertNull(m.order());
  }

  @Test
  void theMerchantsOwnStepsAddNoEventAndAnUnknownStatusMovesNothing() {
    JsonObject f = nodes().getJsonObject(0).getJsonArray("fulfillments").getJsonObject(0).copy();

    f.put("displayStatus", "FULFILLED");
    assertNull(ShopifyOrderNodes.shipments(f).get(0).event());

    f.put("displayStatus", "NOT_DELIVERED");
    assertEquals(TrackingStatus.UNKNOWN, ShopifyOrderNodes.shipments(f).get(0).event().status());

    f.put("displayStatus", "DELIVERED");
    assertEquals(TrackingStatus.DELIVERED, ShopifyOrderNodes.shipments(f).get(0).event().status());
  }

  @Test
  void aCancelledOrderAndConnectionShapedListsAreRead() {
    JsonObject o = nodes().getJsonObject(0).copy();
    o.put("cancelledAt", "2026-12-01T09:59:00Z");
    JsonArray fulfillments = o.getJsonArray("fulfillments");
    o.put(
        "lineItems",
        new JsonObject()
            .put(
                "edges",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put(
                                "node",
                                o.getJsonObject("lineItems")
                                    .getJsonArray("nodes")
                                    .getJsonObject(0)))));
    o.put("fulfillments", fulfillments);

    var order = ShopifyOrderNodes.order(o).order();

    assertEquals(OffsetDateTime.parse("2026-12-01T09:59:00Z"), order.cancelledAt());
    assertEquals(1, order.items().size());
  }

  @Test
  void anOrderWithoutNameOrUpdatedAtIsUnreadable() {
    JsonObject noName = nodes().getJsonObject(0).copy().put("name", " ");
    JsonObject noUpdate = nodes().getJsonObject(0).copy().putNull("updatedAt");

    assertThrows(Unreadable.class, () -> ShopifyOrderNodes.order(noName));
    assertThrows(Unreadable.class, () -> ShopifyOrderNodes.order(noUpdate));
  }

  @Test
  void theQueryAsksForEveryFieldTheMappingReadsWithinShopifysCostLimit() {
    String query = ShopifyAdminClient.query(ShopifyTestConfig.defaults());
    for (String field :
        new String[] {
          "customerLocale",
          "countryCodeV2",
          "provinceCode",
          "trackingInfo(first: 2)",
          "displayStatus",
          "cancelledAt",
          "updatedAt",
          "image { url }",
          "pageInfo"
        }) {
      assertTrue(query.contains(field), field);
    }
    assertEquals(
        "updated_at:>='2026-10-02T08:00:00Z'",
        ShopifyAdminClient.since(OffsetDateTime.parse("2026-10-02T10:00:00+02:00")));
  }
}
