package dev.waybill.tracking;

import static dev.waybill.testing.TestStores.orderNumber;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TrackingCacheTest {

  @Inject TrackingCache cache;
  @Inject RedisDataSource redis;

  private TestStore store;
  private String number;
  private String shipment;

  @BeforeEach
  void order() {
    store = TestStores.create();
    number = orderNumber();
    shipment =
        TestStores.orderWithShipment(store, number, "cache@example.com", TestStores.upsNumber());
  }

  @Test
  void secondLookupIsServedFromMemoryThenRedis() {
    assertEquals("MISS", lookup().header(TrackingResource.CACHE_HEADER));
    assertEquals("HIT-LOCAL", lookup().header(TrackingResource.CACHE_HEADER));
    cache.clearLocal();
    Response fromRedis = lookup();
    assertEquals("HIT-REDIS", fromRedis.header(TrackingResource.CACHE_HEADER));
    assertEquals(200, fromRedis.statusCode());
    assertEquals(1, redis.key().keys("wb:trk:*:" + number).size());
  }

  @Test
  void anUpdateEvictsTheCachedLookupAfterCommit() {
    lookup().then().body("shipments[0].status", equalTo("INFO_RECEIVED"));
    assertEquals("HIT-LOCAL", lookup().header(TrackingResource.CACHE_HEADER));
    store
        .merchant()
        .body(Map.of("status", "OUT_FOR_DELIVERY"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
    Response after = lookup();
    assertEquals("MISS", after.header(TrackingResource.CACHE_HEADER));
    after.then().body("shipments[0].status", equalTo("OUT_FOR_DELIVERY"));
    // Redis was evicted too, not just this pod's memory.
    cache.clearLocal();
    assertEquals("HIT-REDIS", lookup().header(TrackingResource.CACHE_HEADER));
    lookup().then().body("shipments[0].status", equalTo("OUT_FOR_DELIVERY"));
  }

  @Test
  void aNewShipmentEvictsTheCachedLookup() {
    lookup().then().statusCode(200);
    store
        .merchant()
        .body(Map.of("carrier", "ups", "trackingNumber", TestStores.upsNumber()))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(201);
    lookup().then().body("shipments.size()", equalTo(2));
  }

  @Test
  void staleRenderCannotOverwriteANewerRevision() {
    String key = "wb:trk:test-" + System.nanoTime();
    CachedLookup old = new CachedLookup("\"a\"", "h", "P", 1, "{\"v\":1}".getBytes());
    CachedLookup fresh = new CachedLookup("\"b\"", "h", "P", 1, "{\"v\":2}".getBytes());
    cache.put(key, "_:latest", 5, fresh).await().indefinitely();
    cache.put(key, "_:latest", 4, old).await().indefinitely();
    String stored = redis.hash(String.class).hget(key, "_:latest");
    assertNotNull(stored);
    assertEquals("\"b\"", CachedLookup.decode(stored).etag());
  }

  @Test
  void unknownOrderIsRememberedUntilItIsCreated() {
    String later = orderNumber();
    store
        .storefront()
        .queryParam("orderNumber", later)
        .queryParam("email", "cache@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(404);
    store
        .merchant()
        .body(TestStores.order(later, "cache@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    store
        .storefront()
        .queryParam("orderNumber", later)
        .queryParam("email", "cache@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(200);
  }

  private Response lookup() {
    return store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", "cache@example.com")
        .get("/api/v1/tracking");
  }
}
