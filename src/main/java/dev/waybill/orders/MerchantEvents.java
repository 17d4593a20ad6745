package dev.waybill.orders;

import dev.waybill.orders.OrderRequests.Location;
import dev.waybill.orders.OrderRequests.RecordEvent;
import dev.waybill.orders.OrderService.Changed;
import dev.waybill.orders.OrderViews.RecordedEvent;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.KeyHashing;
import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The merchant as one more source of tracking events: an event sent through the API becomes a
 * report for the timeline writer, with the merchant's own id (or its content) as its idempotency
 * key.
 */
@ApplicationScoped
public class MerchantEvents {

  private final Timeline timeline;

  public MerchantEvents(Timeline timeline) {
    this.timeline = timeline;
  }

  /**
   * Records a merchant's event through the timeline writer, like any other report, and answers with
   * the stored event and the shipment as they are after it.
   */
  public Uni<Changed<RecordedEvent>> record(UUID storeId, UUID shipmentId, RecordEvent request) {
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

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
