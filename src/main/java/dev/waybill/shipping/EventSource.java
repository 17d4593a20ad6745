package dev.waybill.shipping;

/** Where a tracking event came from. */
public enum EventSource {
  POLL,
  WEBHOOK,
  MERCHANT
}
