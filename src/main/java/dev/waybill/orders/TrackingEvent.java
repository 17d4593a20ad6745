package dev.waybill.orders;

import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
@Table(name = "tracking_events")
class TrackingEvent extends PanacheEntityBase {
  @Id UUID id;

  @Column(name = "shipment_id")
  UUID shipmentId;

  @Column(name = "occurred_at")
  OffsetDateTime occurredAt;

  @Column(name = "occurred_offset")
  String occurredOffset;

  @Enumerated(EnumType.STRING)
  TrackingStatus status;

  @Enumerated(EnumType.STRING)
  @Column(name = "exception_reason")
  ExceptionReason exceptionReason;

  @Column(name = "carrier_code")
  String carrierCode;

  String description;
  String city;
  String region;

  @Column(name = "postal_code")
  String postalCode;

  @Column(columnDefinition = "char(2)")
  String country;

  @Enumerated(EnumType.STRING)
  EventSource source;

  @Column(name = "dedupe_key")
  String dedupeKey;

  @Column(name = "recorded_at")
  OffsetDateTime recordedAt;
}
