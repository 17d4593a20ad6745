package dev.waybill.tracking;

import static dev.waybill.testing.TestStores.orderNumber;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.orders.OrderChangeListener;
import dev.waybill.platform.config.EmbeddedServices;
import dev.waybill.testing.Management;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Lookups keep working from Postgres while Redis is down, marked as degraded, the pod stays ready,
 * writes succeed, and the cache refills after.
 */
@QuarkusTest
class RedisOutageTest {

  @Inject TrackingCache cache;
  @Inject MeterRegistry metrics;

  @AfterEach
  void redisBack() {
    EmbeddedServices.restartRedis();
  }

  @Test
  void lookupsFallBackToPostgresAndRefillWhenRedisReturns() {
    Assumptions.assumeTrue(
        EmbeddedServices.redisStarted(),
        "needs the embedded Redis to stop it; unset QUARKUS_REDIS_HOSTS to run this test");
    TestStore store = TestStores.create();
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "down@example.com", TestStores.upsNumber());
    lookup(store, number).then().statusCode(200);

    EmbeddedServices.stopRedis();
    cache.clearLocal();
    Response during = lookup(store, number);
    assertEquals(200, during.statusCode());
    assertEquals("MISS", during.header(TrackingResource.CACHE_HEADER));
    assertEquals("cache", during.header(TrackingResource.DEGRADED_HEADER));
    // Postgres serves every lookup: the pod stays ready and says Redis is degraded.
    Management.given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body(
            "checks.find { it.name == 'Redis' }.data.state",
            org.hamcrest.Matchers.startsWith("degraded"));

    // Writes still succeed, and their evictions wait for Redis.
    store
        .merchant()
        .body(Map.of("status", "DELIVERED"))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
    lookup(store, number).then().statusCode(200).body("shipments[0].status", equalTo("DELIVERED"));
    String metrics = Management.given().get("/q/metrics").asString();
    assertTrue(metrics.contains("waybill_tracking_cache_redis_errors_total"), metrics);

    EmbeddedServices.restartRedis();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              cache.clearLocal();
              lookup(store, number);
              cache.clearLocal();
              Response refilled = lookup(store, number);
              assertEquals("HIT-REDIS", refilled.header(TrackingResource.CACHE_HEADER));
              assertEquals(null, refilled.header(TrackingResource.DEGRADED_HEADER));
              refilled.then().body("shipments[0].status", equalTo("DELIVERED"));
            });
  }

  @Test
  void thousandsOfEvictionsPendingAfterAnOutageDrainInOneRetryWithoutErrors() {
    Assumptions.assumeTrue(
        EmbeddedServices.redisStarted(),
        "needs the embedded Redis to stop it; unset QUARKUS_REDIS_HOSTS to run this test");
    EmbeddedServices.stopRedis();
    UUID storeId = UUID.randomUUID();
    List<OrderChangeListener.Change> changes = new ArrayList<>();
    for (int i = 0; i < 20 * TrackingCache.RETRY_CHUNK; i++) {
      changes.add(new OrderChangeListener.Change(storeId, "BURST-" + i, 1));
    }
    cache.ordersChanged(changes).await().indefinitely();
    assertTrue(cache.pendingEvictionCount() >= changes.size());
    EmbeddedServices.restartRedis();

    Counter errors = metrics.counter("waybill.tracking.cache.redis.errors");
    // Waits out the pause after the failure, then one retry run must send them all.
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              double before = errors.count();
              cache.retryPendingEvictions().await().indefinitely();
              assertEquals(before, errors.count(), "a retry run failed");
              return cache.pendingEvictionCount() == 0;
            });
  }

  private static Response lookup(TestStore store, String number) {
    return store
        .storefront()
        .queryParam("orderNumber", number)
        .queryParam("email", "down@example.com")
        .get("/api/v1/tracking");
  }
}
