package dev.waybill.orders;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.TrackingStatus;
import dev.waybill.testing.Reports;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one status rule, tried through every source that reports events. */
@QuarkusTest
class TimelineRuleTest {

  private static final OffsetDateTime DELIVERED_AT =
      OffsetDateTime.parse("2026-11-20T15:00:00+01:00");

  @Inject Timeline timeline;
  @Inject Pool pool;

  @ParameterizedTest
  @EnumSource(
      value = EventSource.class,
      names = {"POLL", "WEBHOOK"})
  void aLateCarrierScanNeverUndoesADelivery(EventSource source) {
    TestStore store = TestStores.create();
    String shipment = deliveredShipment(store);
    PolledShipment s = Reports.polled(pool, UUID.fromString(shipment));
    var late =
        timeline
            .apply(
                s,
                Reports.report(
                    s.trackingNumber(),
                    Reports.scan(
                        DELIVERED_AT.plusHours(2), TrackingStatus.IN_TRANSIT, "X", "scan")),
                source)
            .await()
            .indefinitely();
    assertEquals(TrackingStatus.DELIVERED, late.to());
    assertEquals(1, late.newEvents());
    assertEquals(List.of("MERCHANT"), changeSources(shipment, "DELIVERED"));
  }

  @Test
  void aLateMerchantScanNeverUndoesADelivery() {
    TestStore store = TestStores.create();
    String shipment = deliveredShipment(store);
    store
        .merchant()
        .body(Map.of("status", "IN_TRANSIT", "occurredAt", "2026-11-20T17:00:00+01:00"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201)
        .body("created", equalTo(true))
        .body("shipment.status", equalTo("DELIVERED"));
  }

  @Test
  void aMerchantScanAfterACarrierDeliveryKeepsTheDelivery() {
    TestStore store = TestStores.create();
    String number = TestStores.orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "rule@example.com", TestStores.upsNumber());
    PolledShipment s = Reports.polled(pool, UUID.fromString(shipment));
    timeline
        .apply(
            s,
            Reports.report(
                s.trackingNumber(),
                Reports.scan(DELIVERED_AT, TrackingStatus.DELIVERED, "X", "scan")),
            EventSource.POLL)
        .await()
        .indefinitely();
    store
        .merchant()
        .body(Map.of("status", "OUT_FOR_DELIVERY", "occurredAt", "2026-11-20T18:00:00+01:00"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201)
        .body("shipment.status", equalTo("DELIVERED"));
    store.merchant().get("/api/v1/orders/" + number).then().body("status", equalTo("DELIVERED"));
  }

  @Test
  void aDeliveredParcelCanStillBeReturnedToSender() {
    TestStore store = TestStores.create();
    String shipment = deliveredShipment(store);
    store
        .merchant()
        .body(Map.of("status", "RETURNED_TO_SENDER", "occurredAt", "2026-11-21T10:00:00+01:00"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201)
        .body("shipment.status", equalTo("RETURNED_TO_SENDER"));
  }

  @Test
  void aMerchantCorrectionUndoesADeliveryAndIsRecordedAsACorrection() {
    TestStore store = TestStores.create();
    String number = TestStores.orderNumber();
    String shipment = deliveredShipment(store, number);
    store
        .merchant()
        .body(
            Map.of(
                "status",
                "IN_TRANSIT",
                "occurredAt",
                "2026-11-20T17:00:00+01:00",
                "description",
                "Delivery scanned by mistake",
                "correction",
                true))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201)
        .body("shipment.status", equalTo("IN_TRANSIT"))
        .body("shipment.deliveredAt", equalTo(null))
        .body("event.source", equalTo("CORRECTION"));
    store.merchant().get("/api/v1/orders/" + number).then().body("status", equalTo("IN_TRANSIT"));
    assertEquals(List.of("CORRECTION"), changeSources(shipment, "IN_TRANSIT"));
  }

  private static String deliveredShipment(TestStore store) {
    return deliveredShipment(store, TestStores.orderNumber());
  }

  private static String deliveredShipment(TestStore store, String number) {
    String shipment =
        TestStores.orderWithShipment(store, number, "rule@example.com", TestStores.upsNumber());
    store
        .merchant()
        .body(Map.of("status", "DELIVERED", "occurredAt", DELIVERED_AT.toString()))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201)
        .body("shipment.status", equalTo("DELIVERED"));
    return shipment;
  }

  private List<String> changeSources(String shipment, String toStatus) {
    List<String> sources = new ArrayList<>();
    for (Row r :
        pool.preparedQuery(
                "SELECT source FROM status_changes WHERE shipment_id = $1 AND to_status = $2"
                    + " ORDER BY sequence")
            .execute(Tuple.of(UUID.fromString(shipment), toStatus))
            .await()
            .indefinitely()) {
      sources.add(r.getString("source"));
    }
    return sources;
  }
}
