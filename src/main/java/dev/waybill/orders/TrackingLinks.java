package dev.waybill.orders;

import java.util.UUID;

/** Issues the shopper's tracking-link token for an order; the tracking feature implements it. */
public interface TrackingLinks {

  /** A token that opens the order's tracking page until the order's token version changes. */
  String issue(UUID storeId, String orderNumber, int tokenVersion);
}
