package dev.waybill.stores;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.waybill.platform.invalidation.InvalidationBus;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;

/** Read access to stores for other features, remembered briefly in memory. */
@ApplicationScoped
public class StoreDirectory {

  private final Cache<UUID, StoreProfile> profiles =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  void listen(@Observes StartupEvent event, InvalidationBus bus) {
    bus.on(StoreService.STORE_CHANGED, id -> profiles.invalidate(UUID.fromString(id)));
  }

  /** The store's profile; fails with 404 if there is no such store. */
  @WithSession
  public Uni<StoreProfile> profile(UUID storeId) {
    StoreProfile cached = profiles.getIfPresent(storeId);
    if (cached != null) {
      return Uni.createFrom().item(cached);
    }
    return Store.<Store>findById(storeId)
        .map(
            s -> {
              if (s == null) {
                throw new dev.waybill.platform.errors.Problems.NotFound("No such store");
              }
              StoreProfile p =
                  new StoreProfile(
                      s.id,
                      s.slug,
                      s.name,
                      StoreViews.StoreView.of(s).branding(),
                      s.defaultLocale,
                      s.timeZone);
              profiles.put(storeId, p);
              return p;
            });
  }
}
