package dev.waybill.connectors.woocommerce;

import java.util.Locale;
import java.util.Map;

/**
 * What each WooCommerce order status means for Waybill. Core statuses come from the REST API's
 * order schema; {@code shipped}, {@code partial-shipped} and {@code delivered} are the custom
 * statuses the Advanced Shipment Tracking plugin adds. Anything else (a store's own custom status)
 * is {@link Disposition#UNKNOWN}: imported like an open order and counted, never guessed.
 */
public final class WooStatusTable {

  /** How Waybill treats an order in a given WooCommerce status. */
  public enum Disposition {
    /** Not paid yet: not imported; an order already imported stays as it is. */
    AWAITING_PAYMENT,
    /** Paid and being prepared. */
    OPEN,
    /** The merchant marked it done (shipped); tracking numbers normally come with it. */
    FULFILLED,
    /** Cancelled or refunded: shown as cancelled, its parcels no longer polled. */
    CANCELLED,
    /** Moved to the bin or deleted. */
    DELETED,
    /** A status the table does not know; imported like an open order and counted. */
    UNKNOWN;

    /** Whether an order in this state should exist in Waybill when it does not yet. */
    public boolean imports() {
      return this == OPEN || this == FULFILLED || this == UNKNOWN;
    }
  }

  private static final Map<String, Disposition> TABLE =
      Map.ofEntries(
          Map.entry("pending", Disposition.AWAITING_PAYMENT),
          Map.entry("on-hold", Disposition.AWAITING_PAYMENT),
          Map.entry("failed", Disposition.AWAITING_PAYMENT),
          Map.entry("checkout-draft", Disposition.AWAITING_PAYMENT),
          Map.entry("processing", Disposition.OPEN),
          Map.entry("completed", Disposition.FULFILLED),
          Map.entry("shipped", Disposition.FULFILLED),
          Map.entry("partial-shipped", Disposition.FULFILLED),
          Map.entry("delivered", Disposition.FULFILLED),
          Map.entry("cancelled", Disposition.CANCELLED),
          Map.entry("refunded", Disposition.CANCELLED),
          Map.entry("trash", Disposition.DELETED));

  private WooStatusTable() {}

  /** The disposition of a status as WooCommerce writes it (with or without its {@code wc-}). */
  public static Disposition of(String status) {
    if (status == null) {
      return Disposition.UNKNOWN;
    }
    String s = status.strip().toLowerCase(Locale.ROOT);
    if (s.startsWith("wc-")) {
      s = s.substring(3);
    }
    return TABLE.getOrDefault(s, Disposition.UNKNOWN);
  }

  /** Whether the table knows this status. */
  public static boolean known(String status) {
    return status != null && of(status) != Disposition.UNKNOWN;
  }
}
