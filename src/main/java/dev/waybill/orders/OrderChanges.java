package dev.waybill.orders;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Tells every {@link OrderChangeListener} about a committed change. */
@ApplicationScoped
public class OrderChanges {

  private final List<OrderChangeListener> listeners = new ArrayList<>();

  public OrderChanges(Instance<OrderChangeListener> listeners) {
    listeners.forEach(this.listeners::add);
  }

  /** Many committed changes at once (a poll batch); call only after they committed. */
  public Uni<Void> committedAll(List<OrderChangeListener.Change> changes) {
    if (listeners.isEmpty() || changes.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Uni<Void>> calls = new ArrayList<>(listeners.size());
    for (OrderChangeListener l : listeners) {
      calls.add(l.ordersChanged(changes));
    }
    return Uni.join().all(calls).andCollectFailures().replaceWithVoid();
  }

  /** Call only after the transaction has committed. */
  public Uni<Void> committed(UUID storeId, String orderNumber, long revision) {
    if (listeners.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Uni<Void>> calls = new ArrayList<>(listeners.size());
    for (OrderChangeListener l : listeners) {
      calls.add(l.orderChanged(storeId, orderNumber, revision));
    }
    return Uni.join().all(calls).andCollectFailures().replaceWithVoid();
  }
}
