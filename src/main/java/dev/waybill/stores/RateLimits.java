package dev.waybill.stores;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A store's own API rate limits. A field left out uses the platform default ({@code
 * waybill.rate-limit.*}).
 */
@Schema(
    name = "RateLimits",
    description =
        "The store's API rate limits: requests per window, per API key and per client address."
            + " A field left out uses the platform default.")
public record RateLimits(
    @Schema(example = "600", description = "Requests per window for each of the store's keys")
        @Min(1)
        @Max(1_000_000)
        Integer perKey,
    @Schema(example = "1200", description = "Requests per window from one client address")
        @Min(1)
        @Max(1_000_000)
        Integer perIp,
    @Schema(example = "60", description = "The window in seconds; the bucket refills over it")
        @Min(1)
        @Max(86_400)
        Integer windowSeconds) {

  boolean isEmpty() {
    return perKey == null && perIp == null && windowSeconds == null;
  }
}
