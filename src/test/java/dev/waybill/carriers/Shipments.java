package dev.waybill.carriers;

import static dev.waybill.testing.TestStores.order;
import static dev.waybill.testing.TestStores.orderNumber;

import dev.waybill.testing.TestStores.TestStore;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Orders and shipments made through the API, and their rows read back, for poller tests. */
final class Shipments {

  private Shipments() {}

  /** A new order; returns its number. */
  static String newOrder(TestStore store) {
    String number = orderNumber();
    store
        .merchant()
        .body(order(number, "outage@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    return number;
  }

  static UUID add(TestStore store, String number, String carrier, String trackingNumber) {
    return UUID.fromString(
        store
            .merchant()
            .body(Map.of("carrier", carrier, "trackingNumber", trackingNumber))
            .post("/api/v1/orders/" + number + "/shipments")
            .then()
            .statusCode(201)
            .extract()
            .path("id"));
  }

  static String status(Pool pool, UUID id) {
    return column(pool, id, "status");
  }

  static int pollFailures(Pool pool, UUID id) {
    return Integer.parseInt(column(pool, id, "poll_failures"));
  }

  static String leaseOwner(Pool pool, UUID id) {
    return column(pool, id, "lease_owner");
  }

  /** One column of a shipment's row as text; the column name is the caller's constant. */
  private static String column(Pool pool, UUID id, String column) {
    return pool.preparedQuery("SELECT " + column + "::text AS v FROM shipments WHERE id = $1")
        .execute(Tuple.of(id))
        .await()
        .atMost(Duration.ofSeconds(5))
        .iterator()
        .next()
        .getString("v");
  }
}
