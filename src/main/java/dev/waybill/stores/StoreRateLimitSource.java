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
    return stores
        .profile(storeId)
        .map(
            p -> {
              RateLimits r = p.rateLimits();
              if (r == null || r.isEmpty()) {
                return null;
              }
              return new Limits(
                  r.perKey(),
                  r.perIp(),
                  r.windowSeconds() == null ? null : Duration.ofSeconds(r.windowSeconds()));
            });
  }
}
