package dev.waybill.connectors.shopify;

import java.time.Duration;
import java.util.Optional;

/** {@link ShopifyConfig} with its defaults, for plain unit tests. */
final class ShopifyTestConfig {

  private ShopifyTestConfig() {}

  static ShopifyConfig defaults() {
    return new ShopifyConfig() {
      @Override
      public String apiVersion() {
        return "2026-10";
      }

      @Override
      public Optional<String> adminBaseUrl() {
        return Optional.empty();
      }

      @Override
      public Duration timeout() {
        return Duration.ofSeconds(20);
      }

      @Override
      public Duration tick() {
        return Duration.ofSeconds(30);
      }

      @Override
      public int pageSize() {
        return 40;
      }

      @Override
      public int lineItems() {
        return 5;
      }

      @Override
      public int fulfillments() {
        return 3;
      }

      @Override
      public int trackingNumbers() {
        return 2;
      }

      @Override
      public int retries() {
        return 5;
      }

      @Override
      public Duration retryBackoff() {
        return Duration.ofSeconds(1);
      }

      @Override
      public int applyConcurrency() {
        return 4;
      }
    };
  }
}
