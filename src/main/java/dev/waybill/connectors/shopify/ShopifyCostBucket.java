package dev.waybill.connectors.shopify;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * What Waybill knows of one shop's GraphQL cost bucket, from the {@code extensions.cost} of its
 * last answer: how full it was, how fast it refills, and what the next query will ask for. Shopify
 * takes a query's requested cost from the bucket before running it and refuses it as THROTTLED when
 * the bucket holds less, so the import waits for the refill before sending rather than after a
 * refusal. One import reads one shop at a time, so this needs no locking.
 */
final class ShopifyCostBucket {

  /** Shopify's answers lag its bucket by the time they travel; a little slack absorbs that. */
  private static final long SLACK_MILLIS = 5;

  private double available = Double.NaN;
  private double maximum;
  private double restoreRate;
  private double nextCost;
  private long observedAt;

  /** Reads {@code extensions.cost} of an answer received at {@code nanos} (System.nanoTime). */
  void observe(JsonObject cost, long nanos) {
    if (cost == null) {
      return;
    }
    Number requested = number(cost.getValue("requestedQueryCost"));
    if (requested != null) {
      nextCost = requested.doubleValue();
    }
    JsonObject status = cost.getJsonObject("throttleStatus");
    if (status == null) {
      return;
    }
    Number max = number(status.getValue("maximumAvailable"));
    Number current = number(status.getValue("currentlyAvailable"));
    Number rate = number(status.getValue("restoreRate"));
    if (max == null || current == null || rate == null) {
      return;
    }
    maximum = max.doubleValue();
    available = current.doubleValue();
    restoreRate = rate.doubleValue();
    observedAt = nanos;
  }

  /**
   * How long to wait at {@code nanos} before the next query, whose requested cost is taken to be
   * the last one's (the import asks the same query every page): zero while the bucket is unknown or
   * holds enough.
   */
  Duration waitBefore(long nanos) {
    if (Double.isNaN(available) || restoreRate <= 0) {
      return Duration.ZERO;
    }
    double now = availableAt(nanos);
    double need = Math.min(nextCost, maximum);
    if (need <= now) {
      return Duration.ZERO;
    }
    return Duration.ofMillis((long) Math.ceil((need - now) / restoreRate * 1000) + SLACK_MILLIS);
  }

  /** The points the bucket holds at {@code nanos}, as refilled since the last answer. */
  double availableAt(long nanos) {
    if (Double.isNaN(available)) {
      return Double.NaN;
    }
    double elapsed = Math.max(0, nanos - observedAt) / 1e9;
    return Math.min(maximum, available + restoreRate * elapsed);
  }

  double restoreRate() {
    return restoreRate;
  }

  private static Number number(Object v) {
    return v instanceof Number n ? n : null;
  }
}
