package dev.waybill.connectors.woocommerce;

import dev.waybill.connectors.woocommerce.WooStatusTable.Disposition;
import dev.waybill.orders.OrderRequests.CreateOrder;
import dev.waybill.orders.OrderRequests.CreateShipment;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One WooCommerce order as Waybill reads it.
 *
 * @param id WooCommerce's order id, stable for the order's life
 * @param modifiedAt {@code date_modified_gmt}: the version of the order this describes
 * @param status the status as WooCommerce wrote it
 * @param disposition what that status means here
 * @param order the order request, or {@code null} when it can't be built (see {@code problems})
 * @param shipments one per tracking item, in the order the plugin lists them
 * @param trackingLinks custom tracking links by tracking number, for carriers Waybill can't link
 * @param problems why parts of the order were left out, as "field: reason"
 */
public record WooOrder(
    long id,
    OffsetDateTime modifiedAt,
    String status,
    Disposition disposition,
    CreateOrder order,
    List<CreateShipment> shipments,
    Map<String, String> trackingLinks,
    List<String> problems) {

  /** Whether the order can be written: it has an order request. */
  public boolean complete() {
    return order != null;
  }
}
