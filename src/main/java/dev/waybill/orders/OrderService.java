package dev.waybill.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.orders.OrderRequests.Address;
import dev.waybill.orders.OrderRequests.CreateOrder;
import dev.waybill.orders.OrderViews.OrderPage;
import dev.waybill.orders.OrderViews.OrderSummary;
import dev.waybill.orders.OrderViews.OrderView;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.pagination.KeysetCursor;
import dev.waybill.platform.security.KeyHashing;
import dev.waybill.shipping.TrackingStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Orders, their shipments and tracking events: every merchant write goes through here. */
@ApplicationScoped
public class OrderService {

  private final ShipmentIntake shipments;
  private final TrackingLinks tokens;
  private final ObjectMapper json;

  public OrderService(ShipmentIntake shipments, TrackingLinks tokens, ObjectMapper json) {
    this.shipments = shipments;
    this.tokens = tokens;
    this.json = json;
  }

  /** The outcome of a create: a new order, or the stored answer to a repeated request. */
  public record Created(
      UUID storeId, String orderNumber, long revision, int status, String body, boolean replayed) {}

  /** A write's result plus what changed, so the caller can tell listeners after the commit. */
  public record Changed<T>(
      UUID storeId, String orderNumber, long revision, T value, boolean created) {}

  @WithTransaction
  public Uni<Created> create(UUID storeId, String idempotencyKey, CreateOrder request) {
    String requestHash = KeyHashing.sha256Hex(write(request));
    Uni<IdempotencyRecord> previous =
        idempotencyKey == null
            ? Uni.createFrom().nullItem()
            : IdempotencyRecord.<IdempotencyRecord>find(
                    "storeId = ?1 and key = ?2", storeId, idempotencyKey)
                .firstResult();
    return previous.chain(
        prior -> {
          if (prior != null) {
            if (!prior.requestHash.equals(requestHash)) {
              throw new Problems.Conflict(
                  "idempotency-key-reused",
                  "This Idempotency-Key was used with a different request body");
            }
            return Uni.createFrom()
                .item(
                    new Created(
                        storeId,
                        request.orderNumber(),
                        0,
                        prior.statusCode,
                        prior.responseBody,
                        true));
          }
          return insertOrder(storeId, request)
              .chain(
                  view -> {
                    String body = write(view);
                    Uni<Void> remember =
                        idempotencyKey == null
                            ? Uni.createFrom().voidItem()
                            : remember(storeId, idempotencyKey, requestHash, body);
                    return remember
                        .call(Panache::flush)
                        .map(v -> new Created(storeId, view.orderNumber(), 1, 201, body, false));
                  })
              .onFailure(uniqueViolation("orders_number_per_store"))
              .transform(e -> orderExists(request.orderNumber()))
              .onFailure(uniqueViolation("shipments_tracking_per_store"))
              .transform(
                  e ->
                      new Problems.Conflict(
                          "shipment-exists",
                          "A tracking number of this order was just given to another order of"
                              + " this store"))
              .onFailure(uniqueViolation("idempotency_keys_pkey"))
              .transform(
                  e ->
                      new Problems.Conflict(
                          "idempotency-key-in-flight",
                          "Another request with this Idempotency-Key is in progress; retry it"));
        });
  }

  @WithSession
  public Uni<OrderView> get(UUID storeId, String orderNumber) {
    return Order.byNumber(storeId, orderNumber)
        .chain(o -> Shipment.ofOrder(o.id).map(s -> Mapping.order(o, s, token(o))));
  }

  @WithSession
  public Uni<OrderPage> list(UUID storeId, OrderFilter filter) {
    StringBuilder q = new StringBuilder("storeId = :store");
    Map<String, Object> params = new HashMap<>();
    params.put("store", storeId);
    if (filter.status() != null) {
      q.append(" and status = :status");
      params.put("status", filter.status());
    }
    if (filter.email() != null) {
      q.append(" and lower(customerEmail) = :email");
      params.put("email", filter.email().trim().toLowerCase(Locale.ROOT));
    }
    if (filter.trackingNumber() != null) {
      q.append(
          " and id in (select s.orderId from Shipment s where s.storeId = :store"
              + " and s.trackingNumber = :trackingNumber)");
      params.put("trackingNumber", Shipment.normalize(filter.trackingNumber()));
    }
    if (filter.placedFrom() != null) {
      q.append(" and placedAt >= :from");
      params.put("from", filter.placedFrom());
    }
    if (filter.placedTo() != null) {
      q.append(" and placedAt < :to");
      params.put("to", filter.placedTo());
    }
    KeysetCursor cursor = KeysetCursor.decode(filter.cursor());
    if (cursor != null) {
      q.append(" and (placedAt < :cPlaced or (placedAt = :cPlaced and id < :cId))");
      params.put("cPlaced", cursor.at());
      params.put("cId", cursor.id());
    }
    q.append(" order by placedAt desc, id desc");
    int limit = filter.limit();
    return Order.<Order>find(q.toString(), params)
        .range(0, limit)
        .list()
        .chain(
            orders -> {
              boolean more = orders.size() > limit;
              List<Order> page = more ? orders.subList(0, limit) : orders;
              return shipmentCounts(page)
                  .map(
                      counts ->
                          new OrderPage(
                              page.stream()
                                  .map(
                                      o ->
                                          new OrderSummary(
                                              o.id,
                                              o.orderNumber,
                                              o.customerName,
                                              o.customerEmail,
                                              o.status,
                                              counts.getOrDefault(o.id, 0L).intValue(),
                                              o.placedAt,
                                              o.updatedAt))
                                  .toList(),
                              more
                                  ? KeysetCursor.encode(
                                      page.get(page.size() - 1).placedAt,
                                      page.get(page.size() - 1).id)
                                  : null));
            });
  }

  @WithTransaction
  public Uni<Changed<OrderView>> revokeTrackingLinks(UUID storeId, String orderNumber) {
    return Order.byNumber(storeId, orderNumber)
        .chain(
            o -> {
              o.tokenVersion++;
              o.touch();
              return Shipment.ofOrder(o.id)
                  .map(
                      s ->
                          new Changed<>(
                              storeId,
                              orderNumber,
                              o.revision,
                              Mapping.order(o, s, token(o)),
                              true));
            });
  }

  // --- writes -----------------------------------------------------------------------------

  private Uni<OrderView> insertOrder(UUID storeId, CreateOrder r) {
    OffsetDateTime now = now();
    Order o = new Order();
    o.id = UUID.randomUUID();
    o.storeId = storeId;
    o.orderNumber = r.orderNumber();
    o.customerName = r.customer().name().trim();
    o.customerEmail = r.customer().email().trim();
    o.customerPhone = r.customer().phone();
    o.locale = r.locale();
    o.timeZone = r.timeZone();
    o.notifyEmail =
        r.notifications() == null || r.notifications().email() == null || r.notifications().email();
    o.notifySms =
        r.notifications() != null
            && Boolean.TRUE.equals(r.notifications().sms())
            && r.customer().phone() != null;
    o.items = List.copyOf(r.items());
    Address a = r.shippingAddress();
    o.shipName = a.name();
    o.shipLine1 = a.line1();
    o.shipLine2 = a.line2();
    o.shipCity = a.city();
    o.shipRegion = a.region();
    o.shipPostalCode = a.postalCode().trim();
    o.shipCountry = a.country();
    o.status = TrackingStatus.ORDER_RECEIVED;
    o.placedAt = r.placedAt() == null ? now : r.placedAt();
    o.createdAt = now;
    o.updatedAt = now;
    o.revision = 1;
    o.tokenVersion = 1;
    List<Shipment> created =
        this.shipments.build(o, r.shipments() == null ? List.of() : r.shipments(), "shipments");
    o.status = Order.aggregate(created);
    return ShipmentIntake.notYetTracked(storeId, created)
        .chain(o::<Order>persist)
        .call(() -> Panache.getSession().chain(session -> session.persistAll(created.toArray())))
        .call(Panache::flush)
        .call(() -> Outbox.inSession(o.storeId, "order.created", o.id, 0, orderCreated(o)))
        .call(() -> ShipmentIntake.announce(o, created))
        .map(saved -> Mapping.order(o, created, token(o)));
  }

  private static JsonObject orderCreated(Order o) {
    return new JsonObject()
        .put("orderId", o.id.toString())
        .put("orderNumber", o.orderNumber)
        .put("sequence", 0)
        .put("status", o.status.name())
        .put("placedAt", o.placedAt.toString())
        .put("occurredAt", o.createdAt.toString());
  }

  private Uni<Void> remember(UUID storeId, String key, String requestHash, String body) {
    IdempotencyRecord r = new IdempotencyRecord();
    r.storeId = storeId;
    r.key = key;
    r.requestHash = requestHash;
    r.statusCode = 201;
    r.responseBody = body;
    r.createdAt = now();
    return r.persist().replaceWithVoid();
  }

  // --- reads ------------------------------------------------------------------------------

  private static Uni<Map<UUID, Long>> shipmentCounts(List<Order> orders) {
    if (orders.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    List<UUID> ids = orders.stream().map(o -> o.id).toList();
    return Panache.getSession()
        .chain(
            s ->
                s.createSelectionQuery(
                        "select orderId, count(*) from Shipment where orderId in :ids group by orderId",
                        Object[].class)
                    .setParameter("ids", ids)
                    .getResultList())
        .map(
            rows -> {
              Map<UUID, Long> counts = new HashMap<>();
              for (Object[] row : rows) {
                counts.put((UUID) row[0], (Long) row[1]);
              }
              return counts;
            });
  }

  // --- helpers ----------------------------------------------------------------------------

  private String token(Order o) {
    return tokens.issue(o.storeId, o.orderNumber, o.tokenVersion);
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Problems.Conflict orderExists(String orderNumber) {
    return new Problems.Conflict(
        "order-exists",
        "Order " + orderNumber + " already exists in this store",
        Map.of("orderUrl", "/api/v1/orders/" + orderNumber));
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  private static Predicate<Throwable> uniqueViolation(String constraint) {
    return e -> {
      for (Throwable t = e; t != null; t = t.getCause()) {
        String message = t.getMessage();
        if (message != null && message.contains("23505") && message.contains(constraint)) {
          return true;
        }
      }
      return false;
    };
  }
}
