package dev.waybill.orders;

/** Where a tracking event came from. */
public enum EventSource {
  POLL,
  WEBHOOK,
  MERCHANT
}
