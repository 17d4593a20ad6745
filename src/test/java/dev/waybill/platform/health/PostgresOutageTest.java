package dev.waybill.platform.health;

import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.Management;
import dev.waybill.testing.PostgresProxyConfigSource;
import dev.waybill.testing.TcpProxy;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Postgres unreachable (every connection cut by a proxy, new ones refused): cached lookups are
 * still served, writes fail fast with 503 and Retry-After and write nothing, the pod stays ready,
 * and writes work again by themselves once Postgres is back.
 */
@QuarkusTest
class PostgresOutageTest {

  private final TcpProxy proxy = TcpProxy.named(PostgresProxyConfigSource.PROXY);

  @AfterEach
  void postgresBack() {
    proxy.restore();
  }

  @Test
  void cachedLookupsServedWritesFailFastWithRetryAfterAndServiceResumesByItself() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "pg@example.com", TestStores.upsNumber());
    lookup(store, number).then().statusCode(200);
    lookup(store, number).then().statusCode(200).header("X-Waybill-Cache", startsWith("HIT"));

    proxy.cut();

    // Cached lookups need no database.
    for (int i = 0; i < 20; i++) {
      lookup(store, number).then().statusCode(200).body("orderNumber", equalTo(number));
    }

    // A write fails at once, says when to retry, and writes nothing.
    String retried = orderNumber();
    String idempotencyKey = "pg-outage-" + UUID.randomUUID();
    long start = System.nanoTime();
    Response refused = createOrder(store, retried, idempotencyKey);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(503, refused.statusCode(), refused.asString());
    assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
    assertEquals("5", refused.header("Retry-After"));
    assertTrue(refused.jsonPath().getString("type").endsWith("/unavailable"));
    assertTrue(millis < 3000, "the write took " + millis + " ms to fail");
    System.out.printf("Postgres down: a write failed with 503 in %d ms%n", millis);

    Response event =
        store
            .merchant()
            .body(Map.of("status", "DELIVERED"))
            .post("/api/v1/shipments/" + shipment + "/events");
    assertEquals(503, event.statusCode(), event.asString());
    assertEquals("5", event.header("Retry-After"));

    // Every pod shares the outage: staying ready keeps the cached lookups reachable.
    Management.given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'PostgreSQL' }.data.connection", startsWith("down"))
        .body("checks.name", hasItem("PostgreSQL"));

    proxy.restore();

    // The same retry succeeds once Postgres answers again, with no restart.
    long back = System.nanoTime();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> createOrder(store, retried, idempotencyKey).statusCode() == 201);
    System.out.printf(
        "Postgres back: writes succeeded again after %d ms%n",
        (System.nanoTime() - back) / 1_000_000);
    createOrder(store, retried, idempotencyKey).then().statusCode(201);
    store.merchant().get("/api/v1/orders/" + retried).then().statusCode(200);
    // The refused event left the shipment as it was.
    lookup(store, number)
        .then()
        .statusCode(200)
        .body("shipments[0].status", org.hamcrest.Matchers.not(equalTo("DELIVERED")));
    Management.given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'PostgreSQL' }.data.connection", equalTo("up"));
  }

  @Test
  void trackingPageWithTheStoresBrandingIsServedWhilePostgresIsAway() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "pg-page@example.com", TestStores.upsNumber());
    String token =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
    Response before = given().get("/t/" + token);
    assertEquals(200, before.statusCode(), before.asString());
    String etag = before.header("ETag");
    given().get("/api/v1/tracking/" + token).then().statusCode(200);

    proxy.cut();

    for (int i = 0; i < 20; i++) {
      Response page = given().get("/t/" + token);
      assertEquals(200, page.statusCode(), page.asString());
      assertTrue(page.asString().contains(number));
      assertTrue(page.asString().contains("Store " + store.slug()), "the store's branding");
      assertEquals(etag, page.header("ETag"));
      assertTrue(page.header("Content-Security-Policy").contains("style-src 'sha256-"));
    }
    given().header("If-None-Match", etag).get("/t/" + token).then().statusCode(304);
    // The same order's JSON by token, cached in the same tiers.
    given().get("/api/v1/tracking/" + token).then().statusCode(200);
  }

  private static Response createOrder(TestStore store, String number, String idempotencyKey) {
    return store
        .merchant()
        .header("Idempotency-Key", idempotencyKey)
        .body(TestStores.order(number, "pg-retry@example.com", "10115"))
        .post("/api/v1/orders");
  }

  private static Response lookup(TestStore store, String number) {
    return store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", "pg@example.com")
        .get("/api/v1/tracking");
  }
}
