package dev.waybill.platform.security;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.UUID;

/** A store's own API rate limits, when it set any. Implemented by the stores feature. */
public interface StoreRateLimits {

  /** The store's overrides; a null field (or a null item) means the platform default. */
  Uni<Limits> of(UUID storeId);

  /**
   * The store's overrides when this pod remembers them now ({@link Limits#DEFAULTS} when it set
   * none), or null when only {@link #of(UUID)} can tell: a request is then limited without an
   * asynchronous step.
   */
  default Limits remembered(UUID storeId) {
    return null;
  }

  record Limits(Integer perKey, Integer perIp, Duration window) {

    /** No overrides: the platform defaults throughout. */
    public static final Limits DEFAULTS = new Limits(null, null, null);
  }
}
