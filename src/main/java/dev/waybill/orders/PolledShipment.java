package dev.waybill.orders;

import dev.waybill.shipping.TrackingStatus;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A shipment as the carrier network sees it: what to ask the carrier, and where it stands. */
public record PolledShipment(
    UUID id,
    UUID orderId,
    UUID storeId,
    String carrierCode,
    String trackingNumber,
    TrackingStatus status,
    OffsetDateTime lastEventAt,
    OffsetDateTime createdAt,
    int pollFailures) {}
