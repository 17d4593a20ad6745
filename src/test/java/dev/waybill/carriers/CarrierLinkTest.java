package dev.waybill.carriers;

import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.waybill.orders.PolledShipment;
import dev.waybill.orders.Timeline;
import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import dev.waybill.testing.Reports;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A carrier that names its own tracking page for a parcel (DHL's {@code serviceUrl}) gives the
 * shipment its carrier link, through the orders writer, unless the store's platform gave one.
 */
@QuarkusTest
class CarrierLinkTest {

  private static final String DHL_PAGE =
      "https://www.dhl.de/de/privatkunden.html?piececode=00340434161094042557";

  @Inject Timeline timeline;
  @Inject Pool pool;

  @Test
  void theCarriersOwnPageBecomesTheShipmentsCarrierLink() {
    TestStore store = TestStores.create();
    String order = orderNumber();
    UUID id = shipment(store, order);

    apply(id, DHL_PAGE);

    assertEquals(DHL_PAGE, link(id));
    store
        .merchant()
        .get("/api/v1/orders/" + order)
        .then()
        .statusCode(200)
        .body("shipments[0].carrierLink", equalTo(DHL_PAGE));
  }

  @Test
  void theStoresOwnLinkIsKept() {
    TestStore store = TestStores.create();
    UUID id = shipment(store, orderNumber());
    String mine = "https://shop.example/track/42";
    pool.preparedQuery("UPDATE shipments SET carrier_link = $2 WHERE id = $1")
        .execute(Tuple.of(id, mine))
        .await()
        .atMost(Duration.ofSeconds(5));

    apply(id, DHL_PAGE);

    assertEquals(mine, link(id));
  }

  @Test
  void aLinkThatIsNoWebAddressIsDropped() {
    TestStore store = TestStores.create();
    UUID id = shipment(store, orderNumber());

    apply(id, "javascript:alert(1)");

    assertNull(link(id));
  }

  private void apply(UUID id, String carrierLink) {
    PolledShipment s = Reports.polled(pool, id);
    TrackingReport report =
        new TrackingReport(
            s.trackingNumber(),
            true,
            List.of(
                Reports.scan(
                    OffsetDateTime.now().minusHours(1),
                    TrackingStatus.IN_TRANSIT,
                    "transit",
                    "Arrived at the delivery base")),
            null,
            null,
            null,
            null,
            null,
            null,
            carrierLink);
    timeline.apply(s, report, EventSource.POLL).await().atMost(Duration.ofSeconds(10));
  }

  private String link(UUID id) {
    return pool.preparedQuery("SELECT carrier_link FROM shipments WHERE id = $1")
        .execute(Tuple.of(id))
        .await()
        .atMost(Duration.ofSeconds(5))
        .iterator()
        .next()
        .getString("carrier_link");
  }

  private static UUID shipment(TestStore store, String order) {
    store
        .merchant()
        .body(order(order, "link@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    return UUID.fromString(
        store
            .merchant()
            .body(Map.of("carrier", "dhl", "trackingNumber", "00340434161094042557"))
            .post("/api/v1/orders/" + order + "/shipments")
            .then()
            .statusCode(201)
            .extract()
            .path("id"));
  }
}
