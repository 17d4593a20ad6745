package dev.waybill.orders;

import dev.waybill.orders.CarrierCatalog.Candidate;
import dev.waybill.orders.CarrierCatalog.Confidence;
import dev.waybill.orders.OrderRequests.CreateShipment;
import dev.waybill.orders.OrderService.Changed;
import dev.waybill.orders.OrderViews.ShipmentView;
import dev.waybill.platform.errors.FieldError;
import dev.waybill.platform.errors.Problems;
import dev.waybill.shipping.TrackingStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Shipments a merchant adds, with an order or later: the carrier named or detected from the
 * tracking number, and each tracking number held by one order of the store.
 */
@ApplicationScoped
public class ShipmentIntake {

  private final CarrierCatalog carriers;

  public ShipmentIntake(CarrierCatalog carriers) {
    this.carriers = carriers;
  }

  @WithTransaction
  public Uni<Changed<ShipmentView>> addShipment(
      UUID storeId, String orderNumber, CreateShipment request) {
    return Order.byNumber(storeId, orderNumber)
        .chain(
            o -> {
              String carrier = carrier(request, "");
              String number = Shipment.normalize(request.trackingNumber());
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
                            return tracked(existing, "trackingNumber");
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
                        Shipment s =
                            newShipment(o, carrier, number, request, carriers.polls(carrier));
                        o.touch();
                        return s.<Shipment>persist()
                            .chain(saved -> o.refreshStatus())
                            .call(Panache::flush)
                            .call(() -> announce(o, List.of(s)))
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

  /** New shipments for a new order; {@code field} names the list in error messages. */
  List<Shipment> build(Order o, List<CreateShipment> requested, String field) {
    List<Shipment> shipments = new ArrayList<>();
    for (int i = 0; i < requested.size(); i++) {
      CreateShipment cs = requested.get(i);
      String carrier = carrier(cs, field + "[" + i + "].");
      shipments.add(
          newShipment(
              o, carrier, Shipment.normalize(cs.trackingNumber()), cs, carriers.polls(carrier)));
    }
    return shipments;
  }

  /**
   * A tracking number belongs to one order of a store: sent again with another order it is a
   * conflict that names the order holding it, never a second shipment.
   */
  static Uni<Void> notYetTracked(UUID storeId, List<Shipment> shipments) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (int i = 0; i < shipments.size(); i++) {
      Shipment s = shipments.get(i);
      String field = "shipments[" + i + "].trackingNumber";
      for (int j = 0; j < i; j++) {
        if (shipments.get(j).carrierCode.equals(s.carrierCode)
            && shipments.get(j).trackingNumber.equals(s.trackingNumber)) {
          throw new Problems.Invalid(List.of(new FieldError(field, "appears twice in this order")));
        }
      }
      chain =
          chain.chain(
              () ->
                  Shipment.<Shipment>find(
                          "storeId = ?1 and carrierCode = ?2 and trackingNumber = ?3",
                          storeId,
                          s.carrierCode,
                          s.trackingNumber)
                      .firstResult()
                      .chain(
                          existing ->
                              existing == null
                                  ? Uni.createFrom().voidItem()
                                  : tracked(existing, field)));
    }
    return chain;
  }

  /** The conflict for a tracking number that another order of the store already holds. */
  private static <T> Uni<T> tracked(Shipment existing, String field) {
    return Order.<Order>findById(existing.orderId)
        .map(
            holder -> {
              throw new Problems.Conflict(
                  "shipment-exists",
                  "Tracking number "
                      + existing.trackingNumber
                      + " already belongs to order "
                      + holder.orderNumber
                      + " of this store",
                  Map.of(
                      "field",
                      field,
                      "orderNumber",
                      holder.orderNumber,
                      "orderUrl",
                      "/api/v1/orders/" + holder.orderNumber));
            });
  }

  static Shipment newShipment(
      Order o, String carrier, String number, CreateShipment r, boolean polled) {
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
    // A carrier no adapter polls is followed through pushes only: it never waits in the poll queue.
    s.nextPollAt = polled ? now : null;
    s.createdAt = now;
    s.updatedAt = now;
    return s;
  }

  /** One {@code shipment.created} outbox event per new shipment, in the current transaction. */
  static Uni<Void> announce(Order o, List<Shipment> shipments) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Shipment s : shipments) {
      chain =
          chain.call(
              () ->
                  Outbox.inSession(
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
    List<Candidate> candidates = carriers.candidates(r.trackingNumber());
    // The one most likely carrier is taken; a tie at the top is for the merchant to settle.
    if (!candidates.isEmpty()) {
      Confidence top = candidates.get(0).confidence();
      if (candidates.size() == 1 || candidates.get(1).confidence() != top) {
        return candidates.get(0).code();
      }
    }
    throw new Problems.Unprocessable(
        "carrier-not-detected",
        candidates.isEmpty()
            ? "No known carrier uses this tracking number format; send 'carrier'"
            : "Several carriers use this tracking number format; send 'carrier'",
        Map.of(
            "field",
            fieldPrefix + "carrier",
            "candidates",
            candidates.stream().map(Candidate::code).toList()));
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
