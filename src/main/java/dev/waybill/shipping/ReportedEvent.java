package dev.waybill.shipping;

import java.time.OffsetDateTime;

/**
 * One scan, normalized. The carrier's own code and text are kept for audit and for the unknown-code
 * report; {@code raw} is the carrier's JSON for this event.
 *
 * @param status {@link TrackingStatus#UNKNOWN} when the carrier's code is not in the status table
 */
public record ReportedEvent(
    OffsetDateTime occurredAt,
    TrackingStatus status,
    ExceptionReason reason,
    String carrierCode,
    String description,
    String city,
    String region,
    String postalCode,
    String country,
    String raw) {}
