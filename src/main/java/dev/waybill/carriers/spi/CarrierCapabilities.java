package dev.waybill.carriers.spi;

/**
 * What a carrier offers.
 *
 * @param code the carrier code stored on shipments, such as {@code ups}
 * @param displayName the name shoppers see
 * @param batchSize how many tracking numbers one call may carry
 * @param requestsPerSecond the sustained call rate the carrier allows (token bucket refill)
 * @param maxConcurrency calls in flight at once
 * @param pushesWebhooks whether the carrier can push updates instead of being polled
 * @param trackingUrlTemplate the shopper-facing tracking page, with {@code {trackingNumber}}
 */
public record CarrierCapabilities(
    String code,
    String displayName,
    int batchSize,
    double requestsPerSecond,
    int maxConcurrency,
    boolean pushesWebhooks,
    String trackingUrlTemplate) {}
