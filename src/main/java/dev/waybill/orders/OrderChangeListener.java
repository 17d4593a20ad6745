package dev.waybill.orders;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * Told after a change to an order, its shipments or their events has been committed. The tracking
 * cache uses it to drop stale lookups; later features use it to react to status changes.
 */
public interface OrderChangeListener {

  Uni<Void> orderChanged(UUID storeId, String orderNumber, long revision);

  /** One committed change. */
  record Change(UUID storeId, String orderNumber, long revision) {}

  /** Many committed changes at once; listeners with a cheaper bulk path override this. */
  default Uni<Void> ordersChanged(java.util.List<Change> changes) {
    Uni<Void> all = Uni.createFrom().voidItem();
    for (Change c : changes) {
      all = all.call(() -> orderChanged(c.storeId(), c.orderNumber(), c.revision()));
    }
    return all;
  }
}
