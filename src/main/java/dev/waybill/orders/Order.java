package dev.waybill.orders;

import dev.waybill.platform.errors.Problems;
import dev.waybill.shipping.OrderStatus;
import dev.waybill.shipping.TrackingStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "orders")
class Order extends PanacheEntityBase {
  @Id UUID id;

  @Column(name = "store_id")
  UUID storeId;

  @Column(name = "order_number")
  String orderNumber;

  @Column(name = "customer_name")
  String customerName;

  @Column(name = "customer_email")
  String customerEmail;

  @Column(name = "customer_phone")
  String customerPhone;

  String locale;

  @Column(name = "time_zone")
  String timeZone;

  @Column(name = "notify_email")
  boolean notifyEmail;

  @Column(name = "notify_sms")
  boolean notifySms;

  @Convert(converter = ItemsConverter.class)
  @Column(columnDefinition = "text")
  List<OrderItem> items;

  @Column(name = "ship_name")
  String shipName;

  @Column(name = "ship_line1")
  String shipLine1;

  @Column(name = "ship_line2")
  String shipLine2;

  @Column(name = "ship_city")
  String shipCity;

  @Column(name = "ship_region")
  String shipRegion;

  @Column(name = "ship_postal_code")
  String shipPostalCode;

  @Column(name = "ship_country", columnDefinition = "char(2)")
  String shipCountry;

  @Enumerated(EnumType.STRING)
  TrackingStatus status;

  @Column(name = "placed_at")
  OffsetDateTime placedAt;

  @Column(name = "created_at")
  OffsetDateTime createdAt;

  @Column(name = "updated_at")
  OffsetDateTime updatedAt;

  long revision;

  @Column(name = "token_version")
  int tokenVersion;

  @Column(name = "cancelled_at")
  OffsetDateTime cancelledAt;

  @Column(name = "anonymized_at", insertable = false, updatable = false)
  OffsetDateTime anonymizedAt;

  /** The store's order with this number, or a 404. */
  static Uni<Order> byNumber(UUID storeId, String orderNumber) {
    return Order.<Order>find("storeId = ?1 and orderNumber = ?2", storeId, orderNumber)
        .firstResult()
        .map(
            o -> {
              if (o == null) {
                throw new Problems.NotFound("No order " + orderNumber);
              }
              return o;
            });
  }

  /** A change cached lookups must notice: a new revision. */
  void touch() {
    revision++;
    updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  /** Re-derives the order's status from its shipments'. */
  Uni<Void> refreshStatus() {
    return Shipment.<Shipment>list("orderId", id)
        .map(
            list -> {
              status = aggregate(list);
              return null;
            });
  }

  static TrackingStatus aggregate(Collection<Shipment> shipments) {
    return OrderStatus.of(shipments.stream().map(s -> s.status).toList());
  }
}
