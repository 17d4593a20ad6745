package dev.waybill.connectors.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.connectors.Connection;
import dev.waybill.connectors.Connections;
import dev.waybill.connectors.woocommerce.WooStatusTable.Disposition;
import dev.waybill.orders.CarrierCatalog;
import dev.waybill.orders.OrderRequests.CreateOrder;
import dev.waybill.orders.StoreOrders;
import dev.waybill.orders.StoreOrders.StoreOrder;
import dev.waybill.orders.StoreOrders.StoreShipment;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/**
 * Applies one WooCommerce order to its store, whoever brought it (a webhook, the backfill, the
 * sweep), through the orders feature's {@link StoreOrders}. A version is (site, order id, {@code
 * date_modified_gmt}): an older one than the one applied changes nothing, the same one again only
 * repeats idempotent writes, and the sweep skips it.
 */
@ApplicationScoped
public class WooOrders {

  /** What became of an order. */
  public enum Outcome {
    /** Written: created or brought up to date. */
    APPLIED,
    /** This version or a newer one was applied before. */
    SEEN,
    /** Not paid yet, or cancelled before Waybill ever saw it: nothing to track. */
    NOT_IMPORTED,
    /** Lacks what an order needs (an email, a postal code, items); the connection says why. */
    INCOMPLETE
  }

  private static final String APPLIED_VERSION =
      """
      SELECT updated_at
      FROM connector_orders
      WHERE connection_id = $1
        AND external_id = $2""";

  private final Pool pool;
  private final Connections connections;
  private final StoreOrders orders;
  private final WooOrderMapper mapper;
  private final MeterRegistry metrics;

  public WooOrders(
      Pool pool,
      Connections connections,
      StoreOrders orders,
      CarrierCatalog carriers,
      MeterRegistry metrics) {
    this.pool = pool;
    this.connections = connections;
    this.orders = orders;
    this.mapper = new WooOrderMapper(code -> carriers.codeOf(code).isPresent());
    this.metrics = metrics;
  }

  /**
   * Applies one order of the REST API's shape.
   *
   * @param repeatSameVersion whether the version already applied is written again (a webhook
   *     retried after a failure half-way); the sweep and backfill skip it
   * @throws IllegalArgumentException when the order has no id or modification date
   */
  public Uni<Outcome> apply(Connection c, JsonNode json, boolean repeatSameVersion) {
    WooOrder w = mapper.map(json);
    if (w.id() <= 0 || w.modifiedAt() == null) {
      throw new IllegalArgumentException("an order without id or date_modified_gmt");
    }
    if (!WooStatusTable.known(w.status())) {
      metrics.counter("waybill.connectors.woocommerce.unknown_status").increment();
    }
    String id = Long.toString(w.id());
    return applied(c, id)
        .chain(
            prior -> {
              if (prior != null
                  && (prior.isAfter(w.modifiedAt())
                      || (!repeatSameVersion && prior.isEqual(w.modifiedAt())))) {
                return done(Outcome.SEEN);
              }
              if (prior == null && !w.disposition().imports()) {
                return done(Outcome.NOT_IMPORTED);
              }
              if (!w.complete()) {
                return connections
                    .failed(
                        c.id(), "order " + id + " not imported: " + String.join("; ", w.problems()))
                    .chain(() -> done(Outcome.INCOMPLETE));
              }
              return connections
                  .newer(c.id(), id, w.order().orderNumber(), w.modifiedAt())
                  .chain(
                      newer ->
                          newer
                              ? orders
                                  .sync(c.storeId(), storeOrder(w))
                                  .chain(s -> done(Outcome.APPLIED))
                              : done(Outcome.SEEN));
            });
  }

  /** When the newest applied version of this order was modified, or a null item. */
  Uni<OffsetDateTime> applied(Connection c, String orderId) {
    return pool.preparedQuery(APPLIED_VERSION)
        .execute(Tuple.of(c.id(), orderId))
        .map(
            rows -> rows.iterator().hasNext() ? rows.iterator().next().getOffsetDateTime(0) : null);
  }

  private Uni<Outcome> done(Outcome outcome) {
    metrics
        .counter("waybill.connectors.woocommerce.orders", "outcome", outcome.name().toLowerCase())
        .increment();
    return Uni.createFrom().item(outcome);
  }

  static StoreOrder storeOrder(WooOrder w) {
    CreateOrder o = w.order();
    boolean ended =
        w.disposition() == Disposition.CANCELLED || w.disposition() == Disposition.DELETED;
    return new StoreOrder(
        o.orderNumber(),
        o.customer().name(),
        o.customer().email(),
        o.customer().phone(),
        o.locale(),
        o.shippingAddress(),
        o.items(),
        o.placedAt(),
        ended ? w.modifiedAt() : null,
        w.shipments().stream()
            .map(
                s ->
                    new StoreShipment(
                        s.carrier(),
                        s.trackingNumber(),
                        w.trackingLinks().get(s.trackingNumber()),
                        s.shippedAt(),
                        null))
            .toList());
  }
}
