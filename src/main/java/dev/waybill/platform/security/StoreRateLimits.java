package dev.waybill.platform.security;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.UUID;

/** A store's own API rate limits, when it set any. Implemented by the stores feature. */
public interface StoreRateLimits {

  /** The store's overrides; a null field (or a null item) means the platform default. */
  Uni<Limits> of(UUID storeId);

  record Limits(Integer perKey, Integer perIp, Duration window) {}
}
