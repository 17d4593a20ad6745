package dev.waybill.orders;

import dev.waybill.orders.OrderRequests.Address;
import dev.waybill.orders.OrderRequests.Location;
import dev.waybill.orders.OrderViews.CustomerView;
import dev.waybill.orders.OrderViews.EventView;
import dev.waybill.orders.OrderViews.NotificationsView;
import dev.waybill.orders.OrderViews.OrderView;
import dev.waybill.orders.OrderViews.ShipmentView;
import java.util.List;

/** Entity to view mapping, kept in one place. */
final class Mapping {

  private Mapping() {}

  static OrderView order(Order o, List<Shipment> shipments, String token) {
    return new OrderView(
        o.id,
        o.orderNumber,
        new CustomerView(o.customerName, o.customerEmail, o.customerPhone),
        o.items,
        shippingAddress(o),
        o.locale,
        o.timeZone,
        new NotificationsView(o.notifyEmail, o.notifySms),
        o.status,
        o.placedAt,
        o.createdAt,
        o.updatedAt,
        shipments.stream().map(Mapping::shipment).toList(),
        token,
        o.cancelledAt);
  }

  static Address shippingAddress(Order o) {
    return new Address(
        o.shipName,
        o.shipLine1,
        o.shipLine2,
        o.shipCity,
        o.shipRegion,
        o.shipPostalCode,
        o.shipCountry);
  }

  static ShipmentView shipment(Shipment s) {
    return new ShipmentView(
        s.id,
        s.carrierCode,
        s.trackingNumber,
        s.serviceLevel,
        s.status,
        s.statusDetail,
        s.exceptionReason,
        s.carrierEstimatedDelivery,
        s.promisedDelivery,
        s.deliveryWindowStart,
        s.deliveryWindowEnd,
        s.shippedAt,
        s.deliveredAt,
        s.lastEventAt,
        s.originPostalCode == null && s.originCountry == null
            ? null
            : new Address(
                null,
                null,
                null,
                s.originCity,
                s.originRegion,
                s.originPostalCode,
                s.originCountry),
        new Address(
            null,
            null,
            null,
            s.destinationCity,
            s.destinationRegion,
            s.destinationPostalCode,
            s.destinationCountry),
        s.createdAt,
        s.carrierLink);
  }

  static EventView event(TrackingEvent e) {
    boolean hasPlace =
        e.city != null || e.region != null || e.postalCode != null || e.country != null;
    return new EventView(
        e.id,
        e.shipmentId,
        e.occurredOffset == null
            ? e.occurredAt
            : e.occurredAt.withOffsetSameInstant(java.time.ZoneOffset.of(e.occurredOffset)),
        e.status,
        e.exceptionReason,
        e.carrierCode,
        e.description,
        hasPlace ? new Location(e.city, e.region, e.postalCode, e.country) : null,
        e.source);
  }
}
