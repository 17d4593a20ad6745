package dev.waybill.connectors.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.carriers.InboxHandler;
import dev.waybill.connectors.Connection;
import dev.waybill.connectors.Connections;
import dev.waybill.connectors.ConnectorHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Applies stored WooCommerce webhooks. {@code order.created}, {@code order.updated} and {@code
 * order.restored} carry the whole order. {@code order.deleted} carries only its id (WooCommerce
 * sends it when an order is moved to the bin, too); with a REST key the order is read back, and a
 * binned order is shown as cancelled. {@code order.restored} brings it back from the bin with its
 * status before, which makes it active again: no longer shown cancelled, its parcels followed.
 */
@Singleton
public class WooHandler extends ConnectorHandler {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WooOrders orders;
  private final WooSweeps sweeps;
  private final MeterRegistry metrics;

  public WooHandler(
      Connections connections,
      WooOrders orders,
      WooSweeps sweeps,
      MeterRegistry metrics,
      io.vertx.core.Vertx vertx) {
    super(connections, metrics, vertx);
    this.orders = orders;
    this.sweeps = sweeps;
    this.metrics = metrics;
  }

  @Override
  public dev.waybill.connectors.ConnectorAdmin.Kind kind() {
    return Woo.ADMIN;
  }

  @Override
  public String source() {
    return Woo.KIND;
  }

  @Override
  protected Uni<Void> apply(Connection connection, String topic, String payload) {
    if (!connection.connected()) {
      return Uni.createFrom().voidItem();
    }
    if (!Woo.TOPICS.contains(topic)) {
      throw new InboxHandler.Unreadable("topic " + topic + " is not one Waybill reads");
    }
    JsonNode order;
    try {
      order = JSON.readTree(payload);
    } catch (IOException e) {
      throw new InboxHandler.Unreadable("the body is not JSON");
    }
    if (order == null || !order.isObject() || order.path("id").asLong(0) <= 0) {
      throw new InboxHandler.Unreadable("the body is not an order");
    }
    if (Woo.ORDER_DELETED.equals(topic)) {
      return deleted(connection, order.path("id").asLong());
    }
    try {
      return orders.apply(connection, order, true).replaceWithVoid();
    } catch (IllegalArgumentException e) {
      throw new InboxHandler.Unreadable(e.getMessage());
    }
  }

  private Uni<Void> deleted(Connection connection, long id) {
    return sweeps
        .fetch(connection, id)
        .chain(
            found -> {
              if (found == null) {
                // Deleted for good, or no key to look: the order stays as it was.
                metrics.counter("waybill.connectors.woocommerce.deleted", "read", "no").increment();
                return Uni.createFrom().voidItem();
              }
              metrics.counter("waybill.connectors.woocommerce.deleted", "read", "yes").increment();
              return orders.apply(connection, found, true).replaceWithVoid();
            });
  }
}
