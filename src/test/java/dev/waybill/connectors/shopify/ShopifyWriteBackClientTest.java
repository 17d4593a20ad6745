package dev.waybill.connectors.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The write-back's request body, status table and reading of Shopify's throttle. */
class ShopifyWriteBackClientTest {

  @Test
  void theBodyCarriesTheDocumentedFulfillmentEventInput() {
    JsonObject body =
        ShopifyWriteBackClient.body(
            new ShopifyWriteBackClient.Event(
                "255858046",
                "IN_TRANSIT",
                OffsetDateTime.parse("2026-01-07T08:30:00Z"),
                OffsetDateTime.parse("2026-01-09T12:00:00Z")));
    JsonObject input = body.getJsonObject("variables").getJsonObject("fulfillmentEvent");
    assertEquals("gid://shopify/Fulfillment/255858046", input.getString("fulfillmentId"));
    assertEquals("IN_TRANSIT", input.getString("status"));
    assertEquals("2026-01-07T08:30:00Z", input.getString("happenedAt"));
    assertEquals("2026-01-09T12:00:00Z", input.getString("estimatedDeliveryAt"));
    assertEquals(
        "gid://shopify/Fulfillment/1", ShopifyWriteBackClient.gid("gid://shopify/Fulfillment/1"));
  }

  @Test
  void theThrottleIsWaitedOutUntilTheBucketHoldsTheQueryCost() {
    JsonObject throttled =
        new JsonObject(
            """
            {"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED",
             "documentation":"https://shopify.dev/api/usage/rate-limits"}}],
             "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":null,
             "throttleStatus":{"maximumAvailable":2000.0,"currentlyAvailable":4,
             "restoreRate":2.0}}}}""");
    assertEquals(Duration.ofSeconds(3), ShopifyWriteBackClient.throttleWait(throttled));
    assertEquals(Duration.ofMillis(1500), ShopifyWriteBackClient.retryAfter("1.5"));
    assertNull(ShopifyWriteBackClient.retryAfter("soon"));
  }

  @Test
  void statusesMapThroughTheTable() {
    assertEquals(Optional.of("CONFIRMED"), ShopifyStatusTable.of(TrackingStatus.PACKED, null));
    assertEquals(
        Optional.of("ATTEMPTED_DELIVERY"),
        ShopifyStatusTable.of(TrackingStatus.DELIVERY_ATTEMPTED, null));
    assertEquals(
        Optional.of("READY_FOR_PICKUP"),
        ShopifyStatusTable.of(TrackingStatus.AVAILABLE_FOR_PICKUP, null));
    assertEquals(
        Optional.of("DELAYED"),
        ShopifyStatusTable.of(TrackingStatus.EXCEPTION, ExceptionReason.CUSTOMS_HELD));
    assertEquals(
        Optional.of("FAILURE"),
        ShopifyStatusTable.of(TrackingStatus.EXCEPTION, ExceptionReason.CARRIER_LOST));
    assertEquals(Optional.of("DELIVERED"), ShopifyStatusTable.of("DELIVERED", null));
    assertEquals(Optional.empty(), ShopifyStatusTable.of(TrackingStatus.ORDER_RECEIVED, null));
    assertEquals(Optional.empty(), ShopifyStatusTable.of("NOT_A_STATUS", null));
  }
}
