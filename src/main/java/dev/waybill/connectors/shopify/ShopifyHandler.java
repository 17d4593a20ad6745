package dev.waybill.connectors.shopify;

import dev.waybill.carriers.InboxHandler.Unreadable;
import dev.waybill.connectors.Connection;
import dev.waybill.connectors.Connections;
import dev.waybill.connectors.ConnectorHandler;
import dev.waybill.connectors.shopify.ShopifyMapper.MappedFulfillment;
import dev.waybill.connectors.shopify.ShopifyMapper.MappedOrder;
import dev.waybill.orders.StoreOrders;
import dev.waybill.orders.StoreOrders.StoreShipment;
import dev.waybill.orders.StoreOrders.Synced;
import dev.waybill.platform.errors.ProblemException;
import dev.waybill.privacy.ErasureRequest;
import dev.waybill.privacy.Erasures;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Applies Shopify's stored webhooks: orders and fulfillments through orders' writers, an older
 * version never over a newer one; the app's removal and the mandatory privacy topics. A singleton,
 * since its base class keeps the inbox contract final and so cannot be proxied.
 */
@Singleton
public class ShopifyHandler extends ConnectorHandler {

  private final Connections connections;
  private final StoreOrders orders;
  private final Erasures erasures;
  private final ShopifyFulfillments fulfillments;
  private final ShopifyDataRequests dataRequests;
  private final MeterRegistry metrics;

  public ShopifyHandler(
      Connections connections,
      StoreOrders orders,
      Erasures erasures,
      ShopifyFulfillments fulfillments,
      ShopifyDataRequests dataRequests,
      MeterRegistry metrics,
      Vertx vertx) {
    super(connections, metrics, vertx);
    this.connections = connections;
    this.orders = orders;
    this.erasures = erasures;
    this.fulfillments = fulfillments;
    this.dataRequests = dataRequests;
    this.metrics = metrics;
  }

  @Override
  public dev.waybill.connectors.ConnectorAdmin.Kind kind() {
    return Shopify.ADMIN;
  }

  @Override
  public String source() {
    return Shopify.KIND;
  }

  @Override
  protected Uni<Void> apply(Connection c, String topic, String payload) {
    if (topic == null) {
      throw new Unreadable("no X-Shopify-Topic");
    }
    return switch (topic) {
      case Shopify.ORDERS_CREATE, Shopify.ORDERS_UPDATED, Shopify.ORDERS_CANCELLED ->
          c.connected() ? order(c, payload) : ignored(topic);
      case Shopify.FULFILLMENTS_CREATE, Shopify.FULFILLMENTS_UPDATE ->
          c.connected() ? fulfillment(c, payload) : ignored(topic);
      case Shopify.APP_UNINSTALLED -> uninstalled(c);
      case Shopify.CUSTOMERS_REDACT -> redact(c, payload);
      case Shopify.CUSTOMERS_DATA_REQUEST -> dataRequest(c, payload);
      case Shopify.SHOP_REDACT -> shopRedact(c);
      default -> throw new Unreadable("topic " + topic + " is not one Waybill reads");
    };
  }

  /** Applies an order unless a newer version of it was applied already. */
  Uni<Void> order(Connection c, String payload) {
    MappedOrder m = ShopifyMapper.order(payload);
    if (m.order() == null) {
      count("untrackable");
      return Uni.createFrom().voidItem();
    }
    return connections
        .newer(c.id(), "order:" + m.id(), m.order().orderNumber(), m.updatedAt())
        .chain(
            newer -> {
              if (!newer) {
                count("stale");
                return Uni.createFrom().voidItem();
              }
              return fulfillments
                  .remember(c.id(), ShopifyFulfillments.ofOrder(ShopifyMapper.parse(payload)))
                  .chain(() -> orders.sync(c.storeId(), m.order()))
                  .call(s -> skipped(c, s))
                  .replaceWithVoid();
            });
  }

  /** Adds a fulfillment's parcels to its order, unless a newer version was applied already. */
  Uni<Void> fulfillment(Connection c, String payload) {
    MappedFulfillment f = ShopifyMapper.fulfillment(payload);
    return connections
        .orderNumber(c.id(), "order:" + f.orderId())
        .chain(
            known -> {
              String number = known != null ? known : f.orderNumber();
              if (number == null) {
                throw new Unreadable("fulfillment " + f.id() + " names no order");
              }
              return connections
                  .newer(c.id(), "fulfillment:" + f.id(), number, f.updatedAt())
                  .chain(
                      newer -> {
                        if (!newer) {
                          count("stale");
                          return Uni.createFrom().voidItem();
                        }
                        return fulfillments
                            .remember(
                                c.id(),
                                ShopifyFulfillments.of(ShopifyMapper.parse(payload), f.orderId()))
                            .chain(() -> fulfil(c, number, f.shipments()));
                      });
            });
  }

  private Uni<Void> fulfil(Connection c, String number, List<StoreShipment> shipments) {
    // An order not here yet (its webhook is late) fails this one, which the inbox retries.
    return orders.fulfil(c.storeId(), number, shipments).call(s -> skipped(c, s)).replaceWithVoid();
  }

  private Uni<Void> uninstalled(Connection c) {
    Log.infof("Store %s: the Shopify app was uninstalled", c.storeId());
    return connections
        .disconnect(
            c.storeId(),
            Shopify.KIND,
            Connection.State.UNINSTALLED,
            "app uninstalled in Shopify",
            Shopify.WEBHOOK_SECRET)
        .replaceWithVoid();
  }

  private Uni<Void> redact(Connection c, String payload) {
    JsonObject customer = ShopifyMapper.parse(payload).getJsonObject("customer");
    String email = customer == null ? null : customer.getString("email");
    String phone = customer == null ? null : customer.getString("phone");
    if ((email == null || email.isBlank()) && (phone == null || phone.isBlank())) {
      throw new Unreadable("customers/redact names no email or phone");
    }
    return Uni.createFrom()
        .deferred(
            () ->
                erasures.erase(
                    c.storeId(),
                    new ErasureRequest(
                        email == null || email.isBlank() ? null : email,
                        phone == null || phone.isBlank() ? null : phone)))
        .onFailure(ProblemException.class)
        .transform(e -> new Unreadable("customers/redact: " + e.getMessage()))
        .invoke(r -> count("redacted"))
        .replaceWithVoid();
  }

  private Uni<Void> dataRequest(Connection c, String payload) {
    JsonObject body = ShopifyMapper.parse(payload);
    JsonObject customer = body.getJsonObject("customer", new JsonObject());
    String email = customer.getString("email");
    String phone = customer.getValue("phone") == null ? null : customer.getValue("phone") + "";
    if ((email == null || email.isBlank()) && (phone == null || phone.isBlank())) {
      throw new Unreadable("customers/data_request names no email or phone");
    }
    Object request = body.getJsonObject("data_request", new JsonObject()).getValue("id");
    // Without Shopify's id, the payload itself identifies the request, so a retry is one entry.
    String requestId = request != null ? String.valueOf(request) : "sha256:" + sha256(payload);
    List<String> requested = new java.util.ArrayList<>();
    JsonArray ids = body.getJsonArray("orders_requested", new JsonArray());
    ids.forEach(id -> requested.add(String.valueOf(id)));
    Log.infof("Store %s: Shopify forwarded a customer data request", c.storeId());
    count("data-request");
    return dataRequests
        .record(c.id(), c.storeId(), requestId, email, phone, requested)
        .chain(
            () ->
                connections.failed(
                    c.id(),
                    "customers/data_request received: answer it from GET"
                        + " /api/v1/admin/stores/{slug}/connectors/shopify/data-requests"));
  }

  private Uni<Void> shopRedact(Connection c) {
    Log.infof("Store %s: Shopify asked for the shop's data to be removed", c.storeId());
    return connections
        .forgetOrders(c.id())
        .chain(
            x ->
                connections.disconnect(
                    c.storeId(),
                    Shopify.KIND,
                    Connection.State.DISCONNECTED,
                    "shop/redact from Shopify",
                    null))
        .replaceWithVoid();
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Uni<Void> ignored(String topic) {
    count("ignored");
    return Uni.createFrom().voidItem();
  }

  private Uni<Void> skipped(Connection c, Synced s) {
    if (s.skipped().isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    count("shipment-skipped");
    return connections.failed(
        c.id(), "order " + s.orderNumber() + ": not tracked " + String.join("; ", s.skipped()));
  }

  private void count(String outcome) {
    metrics
        .counter("waybill.connectors.applied", "kind", Shopify.KIND, "outcome", outcome)
        .increment();
  }
}
