package dev.waybill.privacy;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What an erasure (or a retention run) removed, counted per kind of record. */
@Schema(
    name = "ErasureReport",
    description =
        "Records whose personal data was erased or anonymized, per kind. Statistics (statuses,"
            + " dates, carriers, countries and regions) stay.")
public record ErasureReport(
    @Schema(description = "Orders anonymized: name, email, phone, street, city, full postal code")
        int orders,
    @Schema(description = "Shipments: destination city, full postal code, signature, proof photo")
        int shipments,
    @Schema(description = "Carrier scans: raw carrier data, full postal code, signature texts")
        int trackingEvents,
    @Schema(description = "Messages: recipient address, subject or text, provider errors")
        int notifications,
    @Schema(description = "Support cases: contact details, message and snapshot of the order")
        int supportCases,
    @Schema(description = "Notes on those cases") int supportNotes,
    @Schema(description = "Delivery history rows: full postal code") int deliveryHistory,
    @Schema(description = "Stored answers to retried requests that repeated the shopper's data")
        int idempotencyRecords,
    @Schema(description = "Cached tracking lookups dropped") int cachedLookups,
    @Schema(description = "Support's notes on those orders' shipments") int shipmentNotes,
    @Schema(
            description =
                "Carrier pushes not yet applied that named those shipments (recipient, signed-by);"
                    + " in a retention run, also old pushes deleted")
        int carrierPushes,
    OffsetDateTime erasedAt) {

  static ErasureReport empty() {
    return new ErasureReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, OffsetDateTime.now());
  }

  ErasureReport plus(ErasureReport o) {
    return new ErasureReport(
        orders + o.orders,
        shipments + o.shipments,
        trackingEvents + o.trackingEvents,
        notifications + o.notifications,
        supportCases + o.supportCases,
        supportNotes + o.supportNotes,
        deliveryHistory + o.deliveryHistory,
        idempotencyRecords + o.idempotencyRecords,
        cachedLookups + o.cachedLookups,
        shipmentNotes + o.shipmentNotes,
        carrierPushes + o.carrierPushes,
        erasedAt);
  }
}
