package dev.waybill.stores;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.invalidation.InvalidationBus;
import dev.waybill.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Read access to stores for other features, remembered briefly in memory. A remembered store is
 * answered without opening a database session, so pages and API filters that only need a store's
 * branding or limits keep working, and cost nothing, while Postgres is away.
 */
@ApplicationScoped
public class StoreDirectory {

  private final Cache<UUID, StoreProfile> profiles =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  /**
   * The last profile read of each store, kept past the five minutes above: while Postgres is
   * unreachable, pages still wear the store's branding and keep its framing rules.
   */
  private final Cache<UUID, StoreProfile> lastKnown =
      Caffeine.newBuilder().maximumSize(10_000).build();

  /** Slug or host name to store id; an empty value remembers that none matches. */
  private final Cache<String, Optional<UUID>> addresses =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).build();

  void listen(@Observes StartupEvent event, InvalidationBus bus) {
    bus.on(
        StoreService.STORE_CHANGED,
        id -> {
          profiles.invalidate(UUID.fromString(id));
          lastKnown.invalidate(UUID.fromString(id));
          addresses.invalidateAll();
        });
  }

  /** The store with this slug, or null. */
  public Uni<StoreProfile> bySlug(String slug) {
    return resolve("slug:" + slug, "slug", slug);
  }

  /**
   * The store with this slug if {@code caller} may manage it (the platform admin, or a key of that
   * store); otherwise the same 404 as a missing store, so keys can't probe other stores' slugs.
   */
  public Uni<StoreProfile> manageable(String slug, Caller caller) {
    return bySlug(slug)
        .map(
            s -> {
              if (s == null || !(caller.isPlatformAdmin() || s.id().equals(caller.storeId()))) {
                throw new Problems.NotFound("No store '" + slug + "'");
              }
              return s;
            });
  }

  /**
   * The store serving this host name as its tracking domain, or null. Only a verified domain
   * counts: one a store has merely claimed serves nothing.
   */
  public Uni<StoreProfile> byDomain(String host) {
    String name = host.toLowerCase(java.util.Locale.ROOT);
    return resolve(
        "domain:" + name, "trackingDomain = ?1 and trackingDomainVerifiedAt is not null", name);
  }

  private Uni<StoreProfile> resolve(String key, String query, String value) {
    Optional<UUID> known = addresses.getIfPresent(key);
    Uni<Optional<UUID>> id =
        known != null
            ? Uni.createFrom().item(known)
            : Panache.withSession(
                () ->
                    Store.<Store>find(query, value)
                        .firstResult()
                        .map(s -> Optional.ofNullable(s == null ? null : s.id))
                        .invoke(found -> addresses.put(key, found)));
    return id.chain(found -> found.isEmpty() ? Uni.createFrom().nullItem() : profile(found.get()));
  }

  /** The store's profile if this pod remembers it now, else null: answered without waiting. */
  public StoreProfile remembered(UUID storeId) {
    return profiles.getIfPresent(storeId);
  }

  /** The store's profile; fails with 404 if there is no such store. */
  public Uni<StoreProfile> profile(UUID storeId) {
    StoreProfile cached = profiles.getIfPresent(storeId);
    if (cached != null) {
      return Uni.createFrom().item(cached);
    }
    return Panache.withSession(() -> load(storeId))
        .onFailure(e -> !(e instanceof dev.waybill.platform.errors.Problems.NotFound))
        .recoverWithUni(
            e -> {
              StoreProfile stale = lastKnown.getIfPresent(storeId);
              return stale != null
                  ? Uni.createFrom().item(stale)
                  : Uni.createFrom().<StoreProfile>failure(e);
            });
  }

  private Uni<StoreProfile> load(UUID storeId) {
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
                      s.timeZone,
                      new RateLimits(s.rateLimitPerKey, s.rateLimitPerIp, s.rateLimitWindowSeconds),
                      StoreViews.origins(s.embedOrigins));
              profiles.put(storeId, p);
              lastKnown.put(storeId, p);
              return p;
            });
  }
}
