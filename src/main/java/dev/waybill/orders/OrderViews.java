package dev.waybill.orders;

import dev.waybill.orders.OrderRequests.Address;
import dev.waybill.orders.OrderRequests.Location;
import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Response bodies of the merchant API, and the read model other features use. */
public final class OrderViews {

  private OrderViews() {}

  @Schema(name = "Order")
  public record OrderView(
      UUID id,
      String orderNumber,
      CustomerView customer,
      List<OrderItem> items,
      Address shippingAddress,
      String locale,
      String timeZone,
      NotificationsView notifications,
      TrackingStatus status,
      OffsetDateTime placedAt,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt,
      List<ShipmentView> shipments,
      @Schema(description = "Signed link token for the shopper's tracking page and lookups")
          String trackingToken,
      @Schema(description = "When the store's shop platform cancelled the order, if it did")
          OffsetDateTime cancelledAt) {}

  @Schema(name = "CustomerView")
  public record CustomerView(String name, String email, String phone) {}

  @Schema(name = "NotificationsView")
  public record NotificationsView(boolean email, boolean sms) {}

  @Schema(name = "Shipment")
  public record ShipmentView(
      UUID id,
      String carrier,
      String trackingNumber,
      String serviceLevel,
      TrackingStatus status,
      String statusDetail,
      ExceptionReason exceptionReason,
      LocalDate carrierEstimatedDelivery,
      LocalDate promisedDelivery,
      OffsetDateTime deliveryWindowStart,
      OffsetDateTime deliveryWindowEnd,
      OffsetDateTime shippedAt,
      OffsetDateTime deliveredAt,
      OffsetDateTime lastEventAt,
      Address origin,
      Address destination,
      OffsetDateTime createdAt,
      @Schema(description = "The carrier's tracking page for this parcel, as the store named it")
          String carrierLink) {}

  @Schema(name = "Event")
  public record EventView(
      UUID id,
      UUID shipmentId,
      @Schema(description = "When it happened, in the carrier's own UTC offset")
          OffsetDateTime occurredAt,
      TrackingStatus status,
      ExceptionReason reason,
      String carrierCode,
      String description,
      Location location,
      EventSource source) {}

  @Schema(name = "OrderPage")
  public record OrderPage(
      List<OrderSummary> items,
      @Schema(description = "Pass as 'cursor' to get the next page; absent on the last page")
          String nextCursor) {}

  @Schema(name = "OrderSummary")
  public record OrderSummary(
      UUID id,
      String orderNumber,
      String customerName,
      String customerEmail,
      TrackingStatus status,
      int shipmentCount,
      OffsetDateTime placedAt,
      OffsetDateTime updatedAt) {}

  @Schema(name = "RecordedEvent")
  public record RecordedEvent(
      @Schema(description = "false when this event had been recorded before") boolean created,
      EventView event,
      ShipmentView shipment) {}

  /** Everything the tracking lookup renders, read in one go. Not part of the HTTP API. */
  public record OrderSnapshot(
      UUID id,
      UUID storeId,
      String orderNumber,
      String customerName,
      String customerEmail,
      String locale,
      List<OrderItem> items,
      Address shippingAddress,
      TrackingStatus status,
      OffsetDateTime placedAt,
      long revision,
      int tokenVersion,
      List<ShipmentSnapshot> shipments,
      OffsetDateTime cancelledAt) {}

  /** A shipment with its events, newest first, and Waybill's own estimate when it has one. */
  public record ShipmentSnapshot(
      ShipmentView shipment,
      List<EventView> events,
      PredictedDelivery predicted,
      @Schema(description = "Why it looks late though the carrier reports no problem, if it does")
          String atRisk) {

    public ShipmentSnapshot(ShipmentView shipment, List<EventView> events) {
      this(shipment, events, null, null);
    }

    public ShipmentSnapshot(
        ShipmentView shipment, List<EventView> events, PredictedDelivery predicted) {
      this(shipment, events, predicted, null);
    }
  }

  /** The delivery estimate learned from the store's past deliveries, as last recomputed. */
  public record PredictedDelivery(
      LocalDate likely,
      LocalDate earliest,
      LocalDate latest,
      LocalDate safe,
      String level,
      String confidence,
      Integer samples) {}
}
