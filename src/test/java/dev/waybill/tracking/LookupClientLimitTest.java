package dev.waybill.tracking;

import static dev.waybill.testing.TestStores.orderNumber;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.RawHttp;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One client walking order numbers with a storefront's publishable key is slowed down. */
@QuarkusTest
@TestProfile(LookupClientLimitTest.ThreeFailuresPerClient.class)
class LookupClientLimitTest {

  public static class ThreeFailuresPerClient implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("waybill.tracking.lookup.per-client", "3");
    }
  }

  private static RawHttp.Response lookup(
      String client, TestStore store, String number, String postalCode) {
    return RawHttp.get(
        client,
        "/api/v1/tracking?orderNumber=" + number + "&postalCode=" + postalCode,
        "Authorization: Bearer " + store.trackingKey());
  }

  @Test
  void walkingOrderNumbersFromOneAddressIsLimitedAcrossOrders() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    String walker = RawHttp.randomLoopback();
    for (int i = 0; i < 3; i++) {
      assertEquals(404, lookup(walker, store, orderNumber(), "10115").status());
    }

    RawHttp.Response refused = lookup(walker, store, orderNumber(), "10115");
    assertEquals(429, refused.status());
    assertTrue(refused.header("Content-Type").startsWith("application/problem+json"));
    assertNotNull(refused.header("Retry-After"));
    // Even an order the walker got right waits, so a lucky guess tells nothing.
    assertEquals(429, lookup(walker, store, number, "10115").status());
    // Another shopper is not held up by the walker.
    assertEquals(200, lookup(RawHttp.randomLoopback(), store, number, "10115").status());
  }
}
