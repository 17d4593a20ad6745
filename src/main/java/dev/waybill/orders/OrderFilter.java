package dev.waybill.orders;

import dev.waybill.shipping.TrackingStatus;
import java.time.OffsetDateTime;

/** Filters and paging for the order list. */
public record OrderFilter(
    TrackingStatus status,
    String email,
    OffsetDateTime placedFrom,
    OffsetDateTime placedTo,
    String trackingNumber,
    String cursor,
    int limit) {}
