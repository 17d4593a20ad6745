package dev.waybill.orders;

import dev.waybill.orders.OrderRequests.Address;
import dev.waybill.orders.OrderRequests.CreateShipment;
import dev.waybill.platform.errors.Problems;
import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Orders as a store's shop platform reports them (Shopify, WooCommerce): created, or brought up to
 * date, in one transaction; shipments added as the platform fulfils them; the platform's shipment
 * statuses applied through the one timeline writer with source {@link EventSource#STORE}. Every
 * write is idempotent, so a retried or replayed webhook changes nothing twice.
 */
@ApplicationScoped
public class StoreOrders {

  /**
   * An order as the platform has it now.
   *
   * @param cancelledAt when the platform cancelled it, or null when it is active: an order that was
   *     cancelled and comes back active (restored) is no longer shown as cancelled
   */
  public record StoreOrder(
      String orderNumber,
      String customerName,
      String email,
      String phone,
      String locale,
      Address shippingAddress,
      List<OrderItem> items,
      OffsetDateTime placedAt,
      OffsetDateTime cancelledAt,
      List<StoreShipment> shipments) {}

  /**
   * A parcel the platform knows of.
   *
   * @param carrier a Waybill carrier code, or null to detect it from the number
   * @param carrierLink the carrier's tracking page as the platform gives it, or null
   * @param event the status the platform reports for it, or null
   */
  public record StoreShipment(
      String carrier,
      String trackingNumber,
      String carrierLink,
      OffsetDateTime shippedAt,
      ReportedEvent event) {}

  /**
   * What a sync did.
   *
   * @param skipped tracking numbers not added, with why (no carrier recognised, another order's)
   */
  public record Synced(
      UUID storeId,
      String orderNumber,
      long revision,
      boolean created,
      boolean changed,
      int shipmentsAdded,
      List<String> skipped) {}

  private final CarrierCatalog carriers;
  private final OrderChanges changes;
  private final Timeline timeline;
  private final ShipmentLeases shipments;

  public StoreOrders(
      CarrierCatalog carriers, OrderChanges changes, Timeline timeline, ShipmentLeases shipments) {
    this.carriers = carriers;
    this.changes = changes;
    this.timeline = timeline;
    this.shipments = shipments;
  }

  /**
   * Creates or updates the order, adds its new shipments, then applies the reported statuses, and
   * announces what changed. Only fields the platform gives overwrite stored ones; an order already
   * erased keeps its anonymized contact details.
   */
  public Uni<Synced> sync(UUID storeId, StoreOrder order) {
    return write(storeId, order)
        // Two webhooks of one new order (created, then cancelled) may race to insert it: the one
        // that loses finds the order the other wrote and updates it.
        .onFailure(StoreOrders::duplicateOrder)
        .recoverWithUni(() -> write(storeId, order))
        .call(
            s ->
                s.changed()
                    ? changes.committed(s.storeId(), s.orderNumber(), s.revision())
                    : Uni.createFrom().voidItem())
        .call(s -> applyEvents(storeId, order));
  }

  /**
   * Adds the shipments of an order the platform fulfilled, and applies their statuses; the order's
   * own fields stay as they are.
   *
   * @throws Problems.NotFound when the order is not here (yet): the caller retries later
   */
  public Uni<Synced> fulfil(UUID storeId, String orderNumber, List<StoreShipment> parcels) {
    StoreOrder only =
        new StoreOrder(orderNumber, null, null, null, null, null, null, null, null, parcels);
    return addOnly(storeId, only)
        .call(
            s ->
                s.changed()
                    ? changes.committed(s.storeId(), s.orderNumber(), s.revision())
                    : Uni.createFrom().voidItem())
        .call(s -> applyEvents(storeId, only));
  }

  private static boolean duplicateOrder(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("orders_number_per_store")) {
        return true;
      }
    }
    return false;
  }

  @WithTransaction
  Uni<Synced> addOnly(UUID storeId, StoreOrder r) {
    return Order.byNumber(storeId, r.orderNumber())
        .chain(
            o ->
                Shipment.ofOrder(o.id)
                    .chain(existing -> addShipments(o, r, existing, false, false)));
  }

  @WithTransaction
  Uni<Synced> write(UUID storeId, StoreOrder r) {
    return Order.<Order>find("storeId = ?1 and orderNumber = ?2", storeId, r.orderNumber())
        .firstResult()
        .chain(existing -> existing == null ? create(storeId, r) : update(existing, r));
  }

  private Uni<Synced> create(UUID storeId, StoreOrder r) {
    OffsetDateTime now = now();
    Order o = new Order();
    o.id = UUID.randomUUID();
    o.storeId = storeId;
    o.orderNumber = r.orderNumber();
    contact(o, r);
    o.notifyEmail = true;
    o.notifySms = false;
    o.status = TrackingStatus.ORDER_RECEIVED;
    o.placedAt = r.placedAt() == null ? now : r.placedAt();
    o.createdAt = now;
    o.updatedAt = now;
    o.revision = 1;
    o.tokenVersion = 1;
    o.cancelledAt = r.cancelledAt();
    return o.<Order>persist()
        .call(Panache::flush)
        .call(
            () ->
                Outbox.inSession(
                    o.storeId,
                    "order.created",
                    o.id,
                    0,
                    new JsonObject()
                        .put("orderId", o.id.toString())
                        .put("orderNumber", o.orderNumber)
                        .put("sequence", 0)
                        .put("status", o.status.name())
                        .put("placedAt", o.placedAt.toString())
                        .put("occurredAt", o.createdAt.toString())))
        .chain(() -> addShipments(o, r, List.of(), true, true));
  }

  private Uni<Synced> update(Order o, StoreOrder r) {
    return Shipment.ofOrder(o.id)
        .chain(
            existing -> {
              boolean changed = false;
              if (!erased(o)) {
                String before = fingerprint(o);
                contact(o, r);
                changed = !before.equals(fingerprint(o));
              }
              if (r.cancelledAt() != null && o.cancelledAt == null) {
                o.cancelledAt = r.cancelledAt();
                for (Shipment s : existing) {
                  // A cancelled order's parcels are not asked about again.
                  s.nextPollAt = null;
                }
                changed = true;
              } else if (r.cancelledAt() == null && o.cancelledAt != null) {
                // The platform has the order active again (WooCommerce restored it from the
                // bin): it is shown as before, and its parcels still on their way are followed.
                o.cancelledAt = null;
                OffsetDateTime now = now();
                for (Shipment s : existing) {
                  if (!s.status.isFinal()
                      && s.status != TrackingStatus.DELIVERED
                      && carriers.polls(s.carrierCode)) {
                    s.nextPollAt = now;
                  }
                }
                changed = true;
              }
              if (changed) {
                o.touch();
              }
              return addShipments(o, r, existing, false, changed);
            });
  }

  private Uni<Synced> addShipments(
      Order o, StoreOrder r, List<Shipment> existing, boolean created, boolean changed) {
    List<Shipment> added = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (StoreShipment ss : r.shipments()) {
      String number = Shipment.normalize(ss.trackingNumber());
      if (number.isEmpty()) {
        continue;
      }
      String carrier = carrier(ss);
      if (carrier == null) {
        skipped.add(number + ": no carrier recognised");
        continue;
      }
      Shipment mine =
          existing.stream()
              .filter(s -> s.carrierCode.equals(carrier) && s.trackingNumber.equals(number))
              .findFirst()
              .orElse(null);
      if (mine != null) {
        if (ss.carrierLink() != null && !ss.carrierLink().equals(mine.carrierLink)) {
          mine.carrierLink = ss.carrierLink();
        }
        continue;
      }
      if (added.stream()
          .anyMatch(s -> s.carrierCode.equals(carrier) && s.trackingNumber.equals(number))) {
        continue;
      }
      chain =
          chain.chain(
              () ->
                  Shipment.<Shipment>find(
                          "storeId = ?1 and carrierCode = ?2 and trackingNumber = ?3",
                          o.storeId,
                          carrier,
                          number)
                      .firstResult()
                      .invoke(
                          held -> {
                            if (held != null) {
                              skipped.add(number + ": tracked by another order");
                            } else {
                              added.add(newShipment(o, carrier, number, ss));
                            }
                          })
                      .replaceWithVoid());
    }
    return chain.chain(
        () -> {
          if (added.isEmpty()) {
            return Uni.createFrom()
                .item(
                    new Synced(o.storeId, o.orderNumber, o.revision, created, changed, 0, skipped));
          }
          if (!created && !changed) {
            o.touch();
          }
          List<Shipment> all = new ArrayList<>(existing);
          all.addAll(added);
          o.status = Order.aggregate(all);
          return Panache.getSession()
              .chain(session -> session.persistAll(added.toArray()))
              .call(Panache::flush)
              .call(() -> ShipmentIntake.announce(o, added))
              .map(
                  x ->
                      new Synced(
                          o.storeId,
                          o.orderNumber,
                          o.revision,
                          created,
                          true,
                          added.size(),
                          skipped));
        });
  }

  /** Applies each reported status as an event of the store, after the order's commit. */
  private Uni<Void> applyEvents(UUID storeId, StoreOrder r) {
    List<StoreShipment> reported =
        r.shipments().stream().filter(s -> s.event() != null && carrier(s) != null).toList();
    return Multi.createFrom()
        .iterable(reported)
        .onItem()
        .transformToUniAndConcatenate(
            ss ->
                shipments
                    .byTrackingNumber(carrier(ss), ss.trackingNumber())
                    .chain(
                        matches ->
                            Multi.createFrom()
                                .iterable(
                                    matches.stream()
                                        .filter(m -> m.storeId().equals(storeId))
                                        .toList())
                                .onItem()
                                .transformToUniAndConcatenate(
                                    m ->
                                        timeline.apply(
                                            m,
                                            new TrackingReport(
                                                m.trackingNumber(),
                                                true,
                                                List.of(ss.event()),
                                                null,
                                                null,
                                                null,
                                                null,
                                                null,
                                                null),
                                            EventSource.STORE))
                                .collect()
                                .asList()))
        .collect()
        .asList()
        .replaceWithVoid();
  }

  private String carrier(StoreShipment ss) {
    if (ss.carrier() != null && !ss.carrier().isBlank()) {
      var known = carriers.codeOf(ss.carrier());
      if (known.isPresent()) {
        return known.get();
      }
    }
    List<String> candidates = carriers.detect(ss.trackingNumber());
    return candidates.size() == 1 ? candidates.get(0) : null;
  }

  private Shipment newShipment(Order o, String carrier, String number, StoreShipment ss) {
    Shipment s =
        ShipmentIntake.newShipment(
            o,
            carrier,
            number,
            new CreateShipment(carrier, number, null, null, null, null, ss.shippedAt()),
            carriers.polls(carrier));
    s.carrierLink = ss.carrierLink();
    if (o.cancelledAt != null) {
      s.nextPollAt = null;
    }
    return s;
  }

  private static void contact(Order o, StoreOrder r) {
    o.customerName = r.customerName() == null ? "" : r.customerName().strip();
    o.customerEmail = r.email() == null ? "" : r.email().strip();
    o.customerPhone = r.phone();
    o.locale = r.locale();
    o.items = List.copyOf(r.items());
    Address a = r.shippingAddress();
    o.shipName = a.name();
    o.shipLine1 = a.line1();
    o.shipLine2 = a.line2();
    o.shipCity = a.city();
    o.shipRegion = a.region();
    o.shipPostalCode = a.postalCode() == null ? "" : a.postalCode().strip();
    o.shipCountry = a.country();
  }

  private static String fingerprint(Order o) {
    return Objects.hash(
            o.customerName,
            o.customerEmail,
            o.customerPhone,
            o.locale,
            o.items,
            o.shipName,
            o.shipLine1,
            o.shipLine2,
            o.shipCity,
            o.shipRegion,
            o.shipPostalCode,
            o.shipCountry)
        + "";
  }

  /** Whether privacy anonymized the order: the platform's copy must not bring the data back. */
  private static boolean erased(Order o) {
    return o.anonymizedAt != null;
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
