package dev.waybill.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.orders.OrderRequests.Address;
import dev.waybill.orders.OrderRequests.CreateOrder;
import dev.waybill.orders.OrderRequests.CreateShipment;
import dev.waybill.orders.OrderRequests.Location;
import dev.waybill.orders.OrderRequests.RecordEvent;
import dev.waybill.orders.OrderViews.OrderPage;
import dev.waybill.orders.OrderViews.OrderSummary;
import dev.waybill.orders.OrderViews.OrderView;
import dev.waybill.orders.OrderViews.RecordedEvent;
import dev.waybill.orders.OrderViews.ShipmentView;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.pagination.KeysetCursor;
import dev.waybill.platform.security.KeyHashing;
import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.OrderStatus;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Orders, their shipments and tracking events: every merchant write goes through here. */
@ApplicationScoped
public class OrderService {

  private final CarrierCatalog carriers;
  private final TrackingLinks tokens;
  private final Timeline timeline;
  private final ObjectMapper json;

  public OrderService(
      CarrierCatalog carriers, TrackingLinks tokens, Timeline timeline, ObjectMapper json) {
    this.carriers = carriers;
    this.tokens = tokens;
    this.timeline = timeline;
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
    return order(storeId, orderNumber)
        .chain(o -> shipments(o.id).map(s -> Mapping.order(o, s, token(o))));
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
      params.put("trackingNumber", normalizeTrackingNumber(filter.trackingNumber()));
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
  public Uni<Changed<ShipmentView>> addShipment(
      UUID storeId, String orderNumber, CreateShipment request) {
    return order(storeId, orderNumber)
        .chain(
            o -> {
              String carrier = carrier(request, "");
              String number = normalizeTrackingNumber(request.trackingNumber());
              return Shipment.<Shipment>find(
                      "storeId = ?1 and carrierCode = ?2 and trackingNumber = ?3",
                      storeId,
                      carrier,
                      number)
                  .firstResult()
                  .chain(
                      existing -> {
                        if (existing != null) {
                          if (!existing.orderId.equals(o.id)) {
                            throw new Problems.Conflict(
                                "shipment-exists",
                                "Tracking number "
                                    + number
                                    + " already belongs to another order of this store");
                          }
                          // A retried request: same answer, nothing new written.
                          return Uni.createFrom()
                              .item(
                                  new Changed<>(
                                      storeId,
                                      orderNumber,
                                      o.revision,
                                      Mapping.shipment(existing),
                                      false));
                        }
                        Shipment s = newShipment(o, carrier, number, request);
                        touch(o);
                        return s.<Shipment>persist()
                            .chain(saved -> refreshOrderStatus(o))
                            .call(Panache::flush)
                            .call(() -> shipmentsCreated(o, List.of(s)))
                            .map(
                                v ->
                                    new Changed<>(
                                        storeId,
                                        orderNumber,
                                        o.revision,
                                        Mapping.shipment(s),
                                        true));
                      });
            });
  }

  /**
   * Records a merchant's event through the timeline writer, like any other report, and answers with
   * the stored event and the shipment as they are after it.
   */
  public Uni<Changed<RecordedEvent>> recordEvent(
      UUID storeId, UUID shipmentId, RecordEvent request) {
    EventSource source = request.source();
    String key = dedupeKey(request, source);
    return Panache.withSession(() -> reported(storeId, shipmentId))
        .chain(
            s -> timeline.apply(new Timeline.Update(s, report(s, request), List.of(key)), source))
        .chain(applied -> Panache.withSession(() -> recorded(storeId, shipmentId, key, applied)));
  }

  /** The stored event and the shipment after it, read once the timeline writer committed. */
  private static Uni<Changed<RecordedEvent>> recorded(
      UUID storeId, UUID shipmentId, String key, Timeline.Applied applied) {
    boolean created = applied.newEvents() > 0;
    return Shipment.<Shipment>findById(shipmentId)
        .chain(
            s ->
                TrackingEvent.<TrackingEvent>find(
                        "shipmentId = ?1 and dedupeKey = ?2", shipmentId, key)
                    .firstResult()
                    .chain(
                        e ->
                            Order.<Order>findById(s.orderId)
                                .map(
                                    o ->
                                        new Changed<>(
                                            storeId,
                                            o.orderNumber,
                                            o.revision,
                                            new RecordedEvent(
                                                created, Mapping.event(e), Mapping.shipment(s)),
                                            created))));
  }

  private static Uni<PolledShipment> reported(UUID storeId, UUID shipmentId) {
    return Shipment.<Shipment>find("id = ?1 and storeId = ?2", shipmentId, storeId)
        .firstResult()
        .map(
            s -> {
              if (s == null) {
                throw new Problems.NotFound("No shipment " + shipmentId);
              }
              return new PolledShipment(
                  s.id,
                  s.orderId,
                  s.storeId,
                  s.carrierCode,
                  s.trackingNumber,
                  s.status,
                  s.lastEventAt,
                  s.createdAt,
                  0);
            });
  }

  private static TrackingReport report(PolledShipment s, RecordEvent r) {
    Location place = r.location();
    return new TrackingReport(
        s.trackingNumber(),
        true,
        List.of(
            new ReportedEvent(
                r.occurredAt() == null ? now() : r.occurredAt(),
                r.status(),
                r.reason(),
                null,
                r.description(),
                place == null ? null : place.city(),
                place == null ? null : place.region(),
                place == null ? null : place.postalCode(),
                place == null ? null : place.country(),
                null)),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @WithTransaction
  public Uni<Changed<OrderView>> revokeTrackingLinks(UUID storeId, String orderNumber) {
    return order(storeId, orderNumber)
        .chain(
            o -> {
              o.tokenVersion++;
              touch(o);
              return shipments(o.id)
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
    List<Shipment> shipments = new ArrayList<>();
    List<CreateShipment> requested = r.shipments() == null ? List.of() : r.shipments();
    for (int i = 0; i < requested.size(); i++) {
      CreateShipment cs = requested.get(i);
      shipments.add(
          newShipment(
              o,
              carrier(cs, "shipments[" + i + "]."),
              normalizeTrackingNumber(cs.trackingNumber()),
              cs));
    }
    o.status = aggregate(shipments);
    return o.<Order>persist()
        .call(() -> Panache.getSession().chain(session -> session.persistAll(shipments.toArray())))
        .call(Panache::flush)
        .call(() -> outbox(o.storeId, "order.created", o.id, 0, orderCreated(o)))
        .call(() -> shipmentsCreated(o, shipments))
        .map(saved -> Mapping.order(o, shipments, token(o)));
  }

  private Shipment newShipment(Order o, String carrier, String number, CreateShipment r) {
    OffsetDateTime now = now();
    Shipment s = new Shipment();
    s.id = UUID.randomUUID();
    s.orderId = o.id;
    s.storeId = o.storeId;
    s.carrierCode = carrier;
    s.trackingNumber = number;
    s.serviceLevel = r.serviceLevel();
    if (r.origin() != null) {
      s.originCity = r.origin().city();
      s.originRegion = r.origin().region();
      s.originPostalCode = r.origin().postalCode();
      s.originCountry = r.origin().country();
    }
    s.destinationCity = o.shipCity;
    s.destinationRegion = o.shipRegion;
    s.destinationPostalCode = o.shipPostalCode;
    s.destinationCountry = o.shipCountry;
    s.status = TrackingStatus.INFO_RECEIVED;
    s.promisedDelivery = r.promisedDelivery();
    s.carrierEstimatedDelivery = r.carrierEstimatedDelivery();
    s.shippedAt = r.shippedAt();
    s.nextPollAt = now;
    s.createdAt = now;
    s.updatedAt = now;
    return s;
  }

  // --- outbox -----------------------------------------------------------------------------

  /**
   * Writes an outbox event in the current transaction, so it exists exactly when the change it
   * announces does.
   */
  private static Uni<Void> outbox(
      UUID storeId, String topic, UUID aggregateId, long sequence, JsonObject payload) {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(
                        "INSERT INTO outbox (store_id, topic, aggregate_id, sequence, payload)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, storeId)
                    .setParameter(2, topic)
                    .setParameter(3, aggregateId)
                    .setParameter(4, sequence)
                    .setParameter(5, payload.encode())
                    .executeUpdate())
        .replaceWithVoid();
  }

  private static Uni<Void> shipmentsCreated(Order o, List<Shipment> shipments) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Shipment s : shipments) {
      chain =
          chain.call(
              () ->
                  outbox(
                      o.storeId,
                      "shipment.created",
                      s.id,
                      0,
                      new JsonObject()
                          .put("shipmentId", s.id.toString())
                          .put("orderId", o.id.toString())
                          .put("orderNumber", o.orderNumber)
                          .put("carrier", s.carrierCode)
                          .put("trackingNumber", s.trackingNumber)
                          .put("sequence", 0)
                          .put("status", s.status.name())
                          .put("occurredAt", s.createdAt.toString())));
    }
    return chain;
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

  private Uni<Void> refreshOrderStatus(Order o) {
    return Shipment.<Shipment>list("orderId", o.id)
        .map(
            list -> {
              o.status = aggregate(list);
              return null;
            });
  }

  static TrackingStatus aggregate(Collection<Shipment> shipments) {
    return OrderStatus.of(shipments.stream().map(s -> s.status).toList());
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

  private static void touch(Order o) {
    o.revision++;
    o.updatedAt = now();
  }

  // --- reads ------------------------------------------------------------------------------

  private static Uni<Order> order(UUID storeId, String orderNumber) {
    return Order.<Order>find("storeId = ?1 and orderNumber = ?2", storeId, orderNumber)
        .firstResult()
        .map(
            o -> {
              if (o == null) {
                throw new Problems.NotFound("No order " + orderNumber);
              }
              return o;
            });
  }

  private static Uni<List<Shipment>> shipments(UUID orderId) {
    return Shipment.list("orderId = ?1 order by createdAt, id", orderId);
  }

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

  private String carrier(CreateShipment r, String fieldPrefix) {
    if (r.carrier() != null && !r.carrier().isBlank()) {
      return carriers
          .codeOf(r.carrier())
          .orElseThrow(
              () ->
                  new Problems.Invalid(
                      fieldPrefix + "carrier",
                      "unknown carrier '"
                          + r.carrier()
                          + "'; known: "
                          + String.join(", ", carriers.codes())));
    }
    List<String> candidates = carriers.detect(r.trackingNumber());
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    throw new Problems.Unprocessable(
        "carrier-not-detected",
        candidates.isEmpty()
            ? "No known carrier uses this tracking number format; send 'carrier'"
            : "Several carriers use this tracking number format; send 'carrier'",
        Map.of("field", fieldPrefix + "carrier", "candidates", candidates));
  }

  /** Stored tracking numbers have no spaces and are upper case. */
  static String normalizeTrackingNumber(String number) {
    return number.replace(" ", "").toUpperCase(Locale.ROOT);
  }

  private static String dedupeKey(RecordEvent r, EventSource source) {
    if (r.eventId() != null && !r.eventId().isBlank()) {
      return "id:" + r.eventId();
    }
    String place = r.location() == null ? "" : r.location().toString();
    String when = r.occurredAt() == null ? "" : r.occurredAt().toInstant().toString();
    return "h:"
        + KeyHashing.sha256Hex(
            String.join(
                "|",
                source.name(),
                r.status().name(),
                when,
                String.valueOf(r.reason()),
                String.valueOf(r.description()),
                place));
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

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
