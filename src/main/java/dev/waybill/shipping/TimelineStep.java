package dev.waybill.shipping;

/** The five steps of the shopper's progress bar, in order. */
public enum TimelineStep {
  ORDERED,
  PACKED,
  SHIPPED,
  OUT_FOR_DELIVERY,
  DELIVERED
}
