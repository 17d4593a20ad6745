package dev.waybill.connectors.shopify;

import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Waybill statuses to Shopify's {@code FulfillmentEventStatus}, for writing status back. A status
 * Shopify has no word for (the order merely received, tracking expired) writes nothing.
 */
final class ShopifyStatusTable {

  private static final Map<TrackingStatus, String> STATUSES = new EnumMap<>(TrackingStatus.class);

  static {
    STATUSES.put(TrackingStatus.PACKED, "CONFIRMED");
    STATUSES.put(TrackingStatus.INFO_RECEIVED, "CONFIRMED");
    STATUSES.put(TrackingStatus.PICKED_UP, "IN_TRANSIT");
    STATUSES.put(TrackingStatus.IN_TRANSIT, "IN_TRANSIT");
    STATUSES.put(TrackingStatus.OUT_FOR_DELIVERY, "OUT_FOR_DELIVERY");
    STATUSES.put(TrackingStatus.DELIVERY_ATTEMPTED, "ATTEMPTED_DELIVERY");
    STATUSES.put(TrackingStatus.AVAILABLE_FOR_PICKUP, "READY_FOR_PICKUP");
    STATUSES.put(TrackingStatus.DELIVERED, "DELIVERED");
    STATUSES.put(TrackingStatus.EXCEPTION, "DELAYED");
    STATUSES.put(TrackingStatus.RETURNED_TO_SENDER, "FAILURE");
  }

  private ShopifyStatusTable() {}

  /**
   * The Shopify status for a Waybill status and, for an exception, its reason: a parcel lost,
   * damaged or refused has failed; one nobody was home for had a delivery attempt; any other
   * exception is a delay.
   */
  static Optional<String> of(TrackingStatus status, ExceptionReason reason) {
    if (status == TrackingStatus.EXCEPTION && reason != null) {
      switch (reason) {
        case CARRIER_LOST, CARRIER_DAMAGED, CONSIGNEE_REFUSED -> {
          return Optional.of("FAILURE");
        }
        case CONSIGNEE_NOT_HOME -> {
          return Optional.of("ATTEMPTED_DELIVERY");
        }
        default -> {}
      }
    }
    return Optional.ofNullable(STATUSES.get(status));
  }

  /** The same, from the names the outbox carries; empty for a name Waybill doesn't know. */
  static Optional<String> of(String status, String reason) {
    try {
      return of(
          TrackingStatus.valueOf(status), reason == null ? null : ExceptionReason.valueOf(reason));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
