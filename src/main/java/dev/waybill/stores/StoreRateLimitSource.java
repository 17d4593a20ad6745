package dev.waybill.stores;

import dev.waybill.platform.security.StoreRateLimits;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/** Serves each store's API rate limits from the cached store profile. */
@ApplicationScoped
public class StoreRateLimitSource implements StoreRateLimits {

  private final StoreDirectory stores;

  public StoreRateLimitSource(StoreDirectory stores) {
    this.stores = stores;
  }

  @Override
  public Uni<Limits> of(UUID storeId) {
    return stores.profile(storeId).map(StoreRateLimitSource::limits);
  }

  @Override
  public Limits remembered(UUID storeId) {
    StoreProfile p = stores.remembered(storeId);
    if (p == null) {
      return null;
    }
    Limits own = limits(p);
    return own == null ? Limits.DEFAULTS : own;
  }

  private static Limits limits(StoreProfile p) {
    RateLimits r = p.rateLimits();
    if (r == null || r.isEmpty()) {
      return null;
    }
    return new Limits(
        r.perKey(),
        r.perIp(),
        r.windowSeconds() == null ? null : Duration.ofSeconds(r.windowSeconds()));
  }
}
