package dev.waybill.notifications;

import dev.waybill.orders.OrderChangeListener;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Wakes the dispatcher when a committed change may have written outbox events. */
@ApplicationScoped
class DispatchOnChange implements OrderChangeListener {

  private final Dispatcher dispatcher;

  DispatchOnChange(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public Uni<Void> orderChanged(UUID storeId, String orderNumber, long revision) {
    dispatcher.kick();
    return Uni.createFrom().voidItem();
  }

  @Override
  public Uni<Void> ordersChanged(List<Change> changes) {
    dispatcher.kick();
    return Uni.createFrom().voidItem();
  }
}
