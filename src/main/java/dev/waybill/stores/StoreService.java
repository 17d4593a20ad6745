package dev.waybill.stores;

import dev.waybill.platform.errors.FieldError;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.invalidation.InvalidationBus;
import dev.waybill.platform.security.Caller;
import dev.waybill.platform.security.KeyHashing;
import dev.waybill.platform.security.Scope;
import dev.waybill.platform.security.SecurityConfig;
import dev.waybill.stores.StoreRequests.CreateKey;
import dev.waybill.stores.StoreRequests.CreateStore;
import dev.waybill.stores.StoreRequests.UpdateStore;
import dev.waybill.stores.StoreViews.IssuedKey;
import dev.waybill.stores.StoreViews.KeyView;
import dev.waybill.stores.StoreViews.StoreView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Creates stores, changes their branding, and issues and revokes their API keys. */
@ApplicationScoped
public class StoreService {

  static final String STORE_CHANGED = "store";
  static final String KEY_REVOKED = "key";

  private final InvalidationBus invalidations;
  private final SecurityConfig.RateLimit platformLimits;

  public StoreService(InvalidationBus invalidations, SecurityConfig security) {
    this.invalidations = invalidations;
    this.platformLimits = security.rateLimit();
  }

  @WithTransaction
  public Uni<StoreView> create(CreateStore request) {
    ZoneId zone = zone(request.timeZone());
    return Store.<Store>find("slug", request.slug())
        .firstResult()
        .call(existing -> domainFree(request.trackingDomain(), null))
        .chain(
            existing -> {
              if (existing != null) {
                throw new Problems.Conflict(
                    "store-exists", "A store with slug '" + request.slug() + "' already exists");
              }
              Store s = new Store();
              s.id = UUID.randomUUID();
              s.slug = request.slug();
              s.name = request.name().trim();
              apply(s, request.branding());
              s.defaultLocale = request.defaultLocale() == null ? "en" : request.defaultLocale();
              s.timeZone = zone.getId();
              s.trackingDomain = request.trackingDomain();
              s.processingDays = 1;
              s.orderCutoff = "14:00";
              s.createdAt = now();
              s.updatedAt = s.createdAt;
              return s.<Store>persist();
            })
        .map(StoreView::of);
  }

  @WithSession
  public Uni<StoreView> get(Caller caller, String slug) {
    return visible(caller, slug).map(StoreView::of);
  }

  @WithTransaction
  public Uni<StoreView> update(Caller caller, String slug, UpdateStore request) {
    ZoneId zone = request.timeZone() == null ? null : zone(request.timeZone());
    if (request.rateLimits() != null && !caller.isPlatformAdmin()) {
      withinPlatformDefaults(request.rateLimits());
    }
    return visible(caller, slug)
        .call(s -> domainFree(request.trackingDomain(), s.id))
        .map(
            s -> {
              if (request.trackingDomain() != null) {
                s.trackingDomain = request.trackingDomain();
              }
              if (request.name() != null) {
                s.name = request.name().trim();
              }
              if (request.branding() != null) {
                apply(s, request.branding());
              }
              if (request.defaultLocale() != null) {
                s.defaultLocale = request.defaultLocale();
              }
              if (zone != null) {
                s.timeZone = zone.getId();
              }
              if (request.processingDays() != null) {
                s.processingDays = request.processingDays();
              }
              if (request.orderCutoff() != null) {
                s.orderCutoff = request.orderCutoff();
              }
              if (request.rateLimits() != null) {
                s.rateLimitPerKey = request.rateLimits().perKey();
                s.rateLimitPerIp = request.rateLimits().perIp();
                s.rateLimitWindowSeconds = request.rateLimits().windowSeconds();
              }
              if (request.embedOrigins() != null) {
                s.embedOrigins =
                    request.embedOrigins().isEmpty()
                        ? null
                        : String.join(" ", new java.util.LinkedHashSet<>(request.embedOrigins()));
              }
              s.updatedAt = now();
              return StoreView.of(s);
            })
        .call(view -> invalidations.publish(STORE_CHANGED, view.id().toString()));
  }

  /**
   * A store's own admin key may tighten its limits, not loosen them: every quota at most the
   * platform default, and no window so short that a quota refills faster than the default does.
   * Only the platform admin token may raise a store above the defaults.
   */
  private void withinPlatformDefaults(RateLimits limits) {
    List<FieldError> errors = new ArrayList<>();
    if (limits.perKey() != null && limits.perKey() > platformLimits.perKey()) {
      errors.add(new FieldError("rateLimits.perKey", atMost(platformLimits.perKey())));
    }
    if (limits.perIp() != null && limits.perIp() > platformLimits.perIp()) {
      errors.add(new FieldError("rateLimits.perIp", atMost(platformLimits.perIp())));
    }
    if (limits.windowSeconds() != null) {
      long window = limits.windowSeconds() * 1000L;
      long defaultWindow = platformLimits.window().toMillis();
      // A key's bucket takes the store's window even with the default quota; an address bucket
      // exists only when the store sets its own quota.
      int perKey = limits.perKey() == null ? platformLimits.perKey() : limits.perKey();
      // Compared as rates (quota per window), cross-multiplied to stay in whole numbers.
      if ((long) perKey * defaultWindow > (long) platformLimits.perKey() * window
          || (limits.perIp() != null
              && (long) limits.perIp() * defaultWindow > (long) platformLimits.perIp() * window)) {
        errors.add(
            new FieldError(
                "rateLimits.windowSeconds",
                "is too short for these quotas: with a store's key the limits may not refill"
                    + " faster than the platform defaults ("
                    + platformLimits.perKey()
                    + " per key and "
                    + platformLimits.perIp()
                    + " per address every "
                    + platformLimits.window().toSeconds()
                    + " s)"));
      }
    }
    if (!errors.isEmpty()) {
      throw new Problems.Forbidden(
          "A store's key may only lower its rate limits; the platform admin token may raise them",
          errors);
    }
  }

  private static String atMost(int platformDefault) {
    return "may be at most "
        + platformDefault
        + " (the platform default) with a store's key; the platform admin token may set more";
  }

  @WithTransaction
  public Uni<IssuedKey> issueKey(Caller caller, String slug, CreateKey request) {
    return visible(caller, slug)
        .chain(
            store -> {
              Set<Scope> scopes = EnumSet.copyOf(request.scopes());
              // Publishable keys are the only ones safe to embed in a storefront or an app.
              String kind = scopes.equals(Set.of(Scope.TRACKING_READ)) ? "pub" : "sec";
              String prefix = "wb_" + kind + "_" + KeyHashing.randomToken(8);
              String secret = prefix + "_" + KeyHashing.randomToken(32);
              ApiKey key = new ApiKey();
              key.id = UUID.randomUUID();
              key.storeId = store.id;
              key.name = request.name();
              key.prefix = prefix;
              key.secretHash = KeyHashing.sha256Hex(secret);
              key.scopes = join(scopes);
              key.createdAt = now();
              return key.<ApiKey>persist()
                  .map(k -> new IssuedKey(k.id, secret, k.prefix, k.name, scopes, k.createdAt));
            });
  }

  /**
   * Registers a key whose secret was made elsewhere (for example when moving from another system,
   * or the dev-mode demo keys). Registering the same secret again changes nothing.
   */
  @WithTransaction
  public Uni<KeyView> importKey(UUID storeId, String secret, Set<Scope> scopes, String name) {
    String hash = KeyHashing.sha256Hex(secret);
    return ApiKey.<ApiKey>find("secretHash", hash)
        .firstResult()
        .chain(
            existing -> {
              if (existing != null) {
                return Uni.createFrom().item(view(existing));
              }
              ApiKey key = new ApiKey();
              key.id = UUID.randomUUID();
              key.storeId = storeId;
              key.name = name;
              key.prefix = secret.substring(0, Math.min(secret.length(), 15));
              key.secretHash = hash;
              key.scopes = join(scopes);
              key.createdAt = now();
              return key.<ApiKey>persist().map(StoreService::view);
            });
  }

  /** The store with this slug, or a null item. */
  @WithSession
  public Uni<StoreView> findBySlug(String slug) {
    return Store.<Store>find("slug", slug)
        .firstResult()
        .map(s -> s == null ? null : StoreView.of(s));
  }

  @WithSession
  public Uni<List<KeyView>> keys(Caller caller, String slug) {
    return visible(caller, slug)
        .chain(store -> ApiKey.<ApiKey>list("storeId = ?1 order by createdAt", store.id))
        .map(list -> list.stream().map(StoreService::view).toList());
  }

  @WithTransaction
  public Uni<KeyView> revokeKey(Caller caller, String slug, UUID keyId) {
    return visible(caller, slug)
        .chain(
            store ->
                ApiKey.<ApiKey>find("id = ?1 and storeId = ?2", keyId, store.id)
                    .<ApiKey>firstResult())
        .map(
            key -> {
              if (key == null) {
                throw new Problems.NotFound("No key " + keyId + " in this store");
              }
              if (key.revokedAt == null) {
                key.revokedAt = now();
              }
              return key;
            })
        .call(key -> invalidations.publish(KEY_REVOKED, key.secretHash))
        .map(StoreService::view);
  }

  /** The store by slug, if the caller may see it; otherwise the same 404 as a missing store. */
  private static Uni<Store> visible(Caller caller, String slug) {
    return Store.<Store>find("slug", slug)
        .firstResult()
        .map(
            s -> {
              if (s == null || !(caller.isPlatformAdmin() || s.id.equals(caller.storeId()))) {
                throw new Problems.NotFound("No store '" + slug + "'");
              }
              return s;
            });
  }

  private static Uni<Void> domainFree(String domain, UUID self) {
    if (domain == null) {
      return Uni.createFrom().voidItem();
    }
    return Store.<Store>find("trackingDomain", domain)
        .firstResult()
        .invoke(
            other -> {
              if (other != null && !other.id.equals(self)) {
                throw new Problems.Conflict(
                    "domain-taken", "Another store already serves '" + domain + "'");
              }
            })
        .replaceWithVoid();
  }

  private static void apply(Store s, Branding b) {
    if (b == null) {
      return;
    }
    s.logoUrl = b.logoUrl();
    s.primaryColor = b.primaryColor();
    s.accentColor = b.accentColor();
    s.supportEmail = b.supportEmail();
    s.supportPhone = b.supportPhone();
    s.supportUrl = b.supportUrl();
    s.customMessage = b.customMessage();
  }

  private static ZoneId zone(String id) {
    if (id == null || id.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new Problems.Invalid("timeZone", "must be an IANA time zone such as Europe/Berlin");
    }
  }

  static KeyView view(ApiKey k) {
    return new KeyView(
        k.id, k.prefix, k.name, scopes(k.scopes), k.createdAt, k.lastUsedAt, k.revokedAt);
  }

  static Set<Scope> scopes(String csv) {
    return Arrays.stream(csv.split(","))
        .map(Scope::fromValue)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Scope.class)));
  }

  private static String join(Set<Scope> scopes) {
    return scopes.stream().map(Scope::value).collect(Collectors.joining(","));
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
