package dev.waybill.orders;

import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

@Entity
@Table(name = "shipments")
class Shipment extends PanacheEntityBase {
  @Id UUID id;

  @Column(name = "order_id")
  UUID orderId;

  @Column(name = "store_id")
  UUID storeId;

  @Column(name = "carrier_code")
  String carrierCode;

  @Column(name = "tracking_number")
  String trackingNumber;

  @Column(name = "service_level")
  String serviceLevel;

  @Column(name = "origin_city")
  String originCity;

  @Column(name = "origin_region")
  String originRegion;

  @Column(name = "origin_postal_code")
  String originPostalCode;

  @Column(name = "origin_country", columnDefinition = "char(2)")
  String originCountry;

  @Column(name = "destination_city")
  String destinationCity;

  @Column(name = "destination_region")
  String destinationRegion;

  @Column(name = "destination_postal_code")
  String destinationPostalCode;

  @Column(name = "destination_country", columnDefinition = "char(2)")
  String destinationCountry;

  @Enumerated(EnumType.STRING)
  TrackingStatus status;

  @Column(name = "status_detail")
  String statusDetail;

  @Enumerated(EnumType.STRING)
  @Column(name = "exception_reason")
  ExceptionReason exceptionReason;

  @Column(name = "carrier_estimated_delivery")
  LocalDate carrierEstimatedDelivery;

  @Column(name = "promised_delivery")
  LocalDate promisedDelivery;

  @Column(name = "delivery_window_start")
  OffsetDateTime deliveryWindowStart;

  @Column(name = "delivery_window_end")
  OffsetDateTime deliveryWindowEnd;

  @Column(name = "shipped_at")
  OffsetDateTime shippedAt;

  @Column(name = "delivered_at")
  OffsetDateTime deliveredAt;

  @Column(name = "last_event_at")
  OffsetDateTime lastEventAt;

  @Column(name = "next_poll_at")
  OffsetDateTime nextPollAt;

  @Column(name = "carrier_link")
  String carrierLink;

  @Column(name = "created_at")
  OffsetDateTime createdAt;

  @Column(name = "updated_at")
  OffsetDateTime updatedAt;

  /** Stored tracking numbers have no spaces and are upper case. */
  static String normalize(String number) {
    return number.replace(" ", "").toUpperCase(Locale.ROOT);
  }

  /** An order's shipments in the order they were added. */
  static Uni<List<Shipment>> ofOrder(UUID orderId) {
    return Shipment.list("orderId = ?1 order by createdAt, id", orderId);
  }
}
