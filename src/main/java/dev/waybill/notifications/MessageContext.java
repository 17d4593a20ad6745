package dev.waybill.notifications;

import dev.waybill.orders.OrderItem;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Everything a message is made of: the order, its store and (for shipment triggers) the parcel. */
public record MessageContext(
    UUID orderId,
    UUID storeId,
    String orderNumber,
    String customerName,
    String email,
    String phone,
    String locale,
    String timeZone,
    boolean notifyEmail,
    boolean notifySms,
    List<OrderItem> items,
    int tokenVersion,
    StoreData store,
    ShipmentData shipment) {

  /** The store's name, branding and defaults. */
  public record StoreData(
      String name,
      String logoUrl,
      String primaryColor,
      String accentColor,
      String supportEmail,
      String supportPhone,
      String supportUrl,
      String customMessage,
      String defaultLocale,
      String timeZone) {}

  /**
   * The parcel the message is about. The estimate is Waybill's window (its first and last day) when
   * it has one, as on the tracking page; otherwise the carrier's or the store's date.
   */
  public record ShipmentData(
      UUID id,
      String carrier,
      String trackingNumber,
      TrackingStatus status,
      ExceptionReason reason,
      LocalDate estimatedDelivery,
      LocalDate windowFrom,
      LocalDate windowTo,
      String carrierLink) {}

  /** The first word of the shopper's name, for a friendly greeting. */
  public String firstName() {
    String n = customerName == null ? "" : customerName.trim();
    int space = n.indexOf(' ');
    return space > 0 ? n.substring(0, space) : n;
  }
}
