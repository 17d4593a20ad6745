package dev.waybill.connectors.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The import waits for the bucket to refill before a query, as far as the last answer tells. */
class ShopifyCostBucketTest {

  private static JsonObject cost(double requested, double available, double max, double rate) {
    return new JsonObject()
        .put("requestedQueryCost", requested)
        .put("actualQueryCost", requested / 2)
        .put(
            "throttleStatus",
            new JsonObject()
                .put("maximumAvailable", max)
                .put("currentlyAvailable", available)
                .put("restoreRate", rate));
  }

  @Test
  void nothingIsKnownBeforeTheFirstAnswerSoTheFirstQueryGoesAtOnce() {
    assertEquals(Duration.ZERO, new ShopifyCostBucket().waitBefore(System.nanoTime()));
  }

  @Test
  void aQueryWaitsUntilTheBucketHoldsItsRequestedCost() {
    ShopifyCostBucket bucket = new ShopifyCostBucket();
    long t0 = 1_000_000_000L;
    bucket.observe(cost(100, 10, 1000, 50), t0);

    // 90 points missing at 50 a second: 1.8 s, and a few milliseconds of slack.
    assertEquals(1805, bucket.waitBefore(t0).toMillis());
    assertEquals(805, bucket.waitBefore(t0 + 1_000_000_000L).toMillis());
    assertEquals(Duration.ZERO, bucket.waitBefore(t0 + 2_000_000_000L));
  }

  @Test
  void enoughPointsMeanNoWaitAndTheBucketNeverCountsAboveItsMaximum() {
    ShopifyCostBucket bucket = new ShopifyCostBucket();
    long t0 = 5_000_000_000L;
    bucket.observe(cost(962, 1980, 2000, 100), t0);

    assertEquals(Duration.ZERO, bucket.waitBefore(t0));
    assertEquals(2000, bucket.availableAt(t0 + 60_000_000_000L));
  }

  @Test
  void aThrottledAnswerWithoutActualCostStillTellsTheWait() {
    ShopifyCostBucket bucket = new ShopifyCostBucket();
    JsonObject throttled = cost(962, 902, 2000, 100).putNull("actualQueryCost");
    bucket.observe(throttled, 0);

    assertEquals(605, bucket.waitBefore(0).toMillis());
  }
}
