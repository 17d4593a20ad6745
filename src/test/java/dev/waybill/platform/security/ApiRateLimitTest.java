package dev.waybill.platform.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.platform.config.EmbeddedServices;
import dev.waybill.testing.Management;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiRateLimitTest {

  @AfterEach
  void redisBack() {
    EmbeddedServices.restartRedis();
  }

  private static void limits(TestStore store, Map<String, Object> rateLimits) {
    store
        .storeAdmin()
        .body(Map.of("rateLimits", rateLimits))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200)
        .body("rateLimits.perKey", equalTo(rateLimits.get("perKey")));
  }

  @Test
  void everyApiAnswerTellsTheClientItsQuota() {
    TestStore store = TestStores.create();
    store
        .merchant()
        .get("/api/v1/orders")
        .then()
        .statusCode(200)
        .header("RateLimit-Policy", equalTo("\"key\";q=1000000;w=60"))
        .header("RateLimit", matchesPattern("\"key\";r=\\d+;t=\\d+"));
  }

  @Test
  void callersWithoutAKeyAreLimitedByAddressAndCarriersPushesHaveTheirOwnBucket() {
    RestAssured.get("/api/v1/ping")
        .then()
        .statusCode(200)
        .header("RateLimit-Policy", equalTo("\"ip\";q=1000000;w=60"))
        .header("RateLimit", matchesPattern("\"ip\";r=\\d+;t=\\d+"));
    RestAssured.given()
        .contentType("application/json")
        .body("{}")
        .post("/webhooks/waybill-sim")
        .then()
        .statusCode(401)
        .header("RateLimit-Policy", equalTo("\"webhook-ip\";q=1000000;w=60"));
  }

  @Test
  void aKeyOverItsStoresLimitGets429WithRetryAfterWhileOtherKeysGoOn() {
    TestStore store = TestStores.create();
    limits(store, Map.of("perKey", 3, "windowSeconds", 60));
    for (int i = 2; i >= 0; i--) {
      store
          .merchant()
          .get("/api/v1/orders")
          .then()
          .statusCode(200)
          .header("RateLimit-Policy", containsString("\"key\";q=3;w=60"))
          .header("RateLimit", containsString("\"key\";r=" + i + ";t="));
    }
    store
        .merchant()
        .get("/api/v1/orders")
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", matchesPattern("[1-9][0-9]*"))
        .header("RateLimit", containsString("\"key\";r=0;t="))
        .body("status", equalTo(429))
        .body("type", containsString("rate-limited"));
    // The store's other keys have buckets of their own.
    store
        .storefront()
        .queryParam("orderNumber", "none")
        .queryParam("email", "none@example.com")
        .get("/api/v1/tracking")
        .then()
        .statusCode(404)
        .header("RateLimit", containsString("\"key\";r=2;"));
  }

  @Test
  void aStoresAddressLimitCountsAllItsKeys() {
    TestStore store = TestStores.create();
    limits(store, Map.of("perKey", 100, "perIp", 2, "windowSeconds", 60));
    store.merchant().get("/api/v1/orders").then().statusCode(200);
    RestAssured.given()
        .auth()
        .oauth2(store.supportKey())
        .get("/api/v1/support/cases")
        .then()
        .statusCode(200)
        .header("RateLimit", containsString("\"store-ip\";r=0;"));
    store
        .merchant()
        .get("/api/v1/orders")
        .then()
        .statusCode(429)
        .header("Retry-After", matchesPattern("[1-9][0-9]*"));
  }

  @Test
  void theBucketRefillsOverItsWindow() throws InterruptedException {
    TestStore store = TestStores.create();
    // Two requests per second: one token comes back every 500 ms.
    limits(store, Map.of("perKey", 2, "windowSeconds", 1));
    store.merchant().get("/api/v1/orders").then().statusCode(200);
    store.merchant().get("/api/v1/orders").then().statusCode(200);
    store
        .merchant()
        .get("/api/v1/orders")
        .then()
        .statusCode(429)
        .header("Retry-After", equalTo("1"));
    Thread.sleep(600);
    store.merchant().get("/api/v1/orders").then().statusCode(200);
  }

  @Test
  void emptyLimitsReturnToTheDefaults() {
    TestStore store = TestStores.create();
    limits(store, Map.of("perKey", 1, "windowSeconds", 60));
    store
        .storeAdmin()
        .body(Map.of("rateLimits", Map.of()))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200)
        .body("rateLimits.perKey", nullValue());
    for (int i = 0; i < 3; i++) {
      store.merchant().get("/api/v1/orders").then().statusCode(200);
    }
  }

  @Test
  void invalidLimitsAreNamed() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body(Map.of("rateLimits", Map.of("perKey", 0, "windowSeconds", 100000)))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("rateLimits.perKey"))
        .body("errors.field", hasItem("rateLimits.windowSeconds"));
  }

  @Test
  void aStoresKeyMayNotMakeItsQuotaRefillFasterThanTheDefault() {
    TestStore store = TestStores.create();
    // The tests' platform default: 1,000,000 per key every 60 s; the same over 30 s is a raise.
    store
        .storeAdmin()
        .body(Map.of("rateLimits", Map.of("windowSeconds", 30)))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("rateLimits.windowSeconds"));
    store
        .storeAdmin()
        .body(Map.of("rateLimits", Map.of("perKey", 1000, "windowSeconds", 30)))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200);

    TestStores.platformAdmin()
        .body(Map.of("rateLimits", Map.of("windowSeconds", 30)))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200)
        .body("rateLimits.windowSeconds", equalTo(30));
  }

  @Test
  void limitsFailOpenWhenRedisIsDown() {
    Assumptions.assumeTrue(
        EmbeddedServices.redisStarted(),
        "needs the embedded Redis to stop it; unset QUARKUS_REDIS_HOSTS to run this test");
    TestStore store = TestStores.create();
    limits(store, Map.of("perKey", 1, "windowSeconds", 60));
    store.merchant().get("/api/v1/orders").then().statusCode(200);
    EmbeddedServices.stopRedis();
    store.merchant().get("/api/v1/orders").then().statusCode(200).header("RateLimit", nullValue());
    String metrics = Management.given().get("/q/metrics").asString();
    assertTrue(metrics.contains("waybill_ratelimit_errors_total"), metrics);
  }
}
