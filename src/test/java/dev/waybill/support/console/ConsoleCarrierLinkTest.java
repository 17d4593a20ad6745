package dev.waybill.support.console;

import static dev.waybill.testing.TestStores.orderNumber;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.support.console.Watchlist.WatchItem;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The console names and links a parcel's carrier from the catalogue, even one only an aggregator
 * tracks, on the watchlist and the order's story; the shipment's own carrier link wins.
 */
@QuarkusTest
class ConsoleCarrierLinkTest {

  private static final String NUMBER = "09980000020033";

  @Inject Watchlist watchlist;
  @Inject Pool pool;

  @Test
  void theOrderStoryNamesAndLinksDpdFromTheCatalogue() {
    TestStore store = TestStores.create();
    String order = orderNumber();
    dpdParcel(store, order);
    ConsoleSession agent = ConsoleSession.signIn(ConsoleSession.addAgent(store, "AGENT"));

    agent
        .get("/console/" + store.slug() + "/orders/" + order)
        .then()
        .statusCode(200)
        .body(
            containsString(
                "<a href=\"https://tracking.dpd.de/status/en_US/parcel/"
                    + NUMBER
                    + "\" rel=\"noopener\">DPD</a> "
                    + NUMBER));
  }

  @Test
  void theShipmentsOwnLinkWinsOnTheWatchlistAndTheStory() {
    TestStore store = TestStores.create();
    String order = orderNumber();
    String shipment = dpdParcel(store, order);
    String own = "https://www.dpd.com/de/en/mydpd/my-parcels/track?parcelNumber=" + NUMBER;
    pool.preparedQuery("UPDATE shipments SET carrier_link = $2 WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(shipment), own))
        .await()
        .atMost(Duration.ofSeconds(5));

    WatchItem item =
        watchlist
            .forStore(storeId(store), Duration.ofDays(3), 50)
            .await()
            .atMost(Duration.ofSeconds(10))
            .get(0);
    assertEquals("DPD", item.carrierName());
    assertEquals(own, item.carrierUrl());
    ConsoleSession agent = ConsoleSession.signIn(ConsoleSession.addAgent(store, "AGENT"));
    agent
        .get("/console/" + store.slug())
        .then()
        .statusCode(200)
        .body(containsString("<a href=\"" + own + "\" rel=\"noopener\">DPD</a> " + NUMBER));
    agent
        .get("/console/" + store.slug() + "/orders/" + order)
        .then()
        .statusCode(200)
        .body(containsString("<a href=\"" + own + "\" rel=\"noopener\">DPD</a> " + NUMBER));
  }

  /** A DPD parcel the merchant reports a problem for, so it is on the watchlist. */
  private static String dpdParcel(TestStore store, String order) {
    store
        .merchant()
        .body(TestStores.order(order, "ada@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    String shipment =
        store
            .merchant()
            .body(Map.of("carrier", "dpd", "trackingNumber", NUMBER))
            .post("/api/v1/orders/" + order + "/shipments")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    store
        .merchant()
        .body(Map.of("status", "EXCEPTION", "description", "Parcel damaged"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
    return shipment;
  }

  private static UUID storeId(TestStore store) {
    return TestStores.platformAdmin()
        .get("/api/v1/admin/stores/" + store.slug())
        .then()
        .extract()
        .jsonPath()
        .getUUID("id");
  }
}
