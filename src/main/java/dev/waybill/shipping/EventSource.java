package dev.waybill.shipping;

/** Who reported a tracking event. Every source goes through the same transition table. */
public enum EventSource {
  /** The poller asked the carrier. */
  POLL,
  /** The carrier, or an aggregator on its behalf, pushed the event. */
  WEBHOOK,
  /** The merchant's own systems sent the event through the API. */
  MERCHANT,
  /** The store's shop platform (Shopify, WooCommerce) reported it, e.g. a fulfillment's status. */
  STORE,
  /**
   * The merchant explicitly overruled the transition table, for example to undo a delivery that was
   * scanned by mistake. Kept as its own source so the status history shows who overruled what.
   */
  CORRECTION;

  /** Whether events of this source may set any status, whatever came before. */
  public boolean overrules() {
    return this == CORRECTION;
  }
}
