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
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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
  private final DomainOwnership ownership;

  public StoreService(
      InvalidationBus invalidations, SecurityConfig security, DomainOwnership ownership) {
    this.invalidations = invalidations;
    this.platformLimits = security.rateLimit();
    this.ownership = ownership;
  }

  @WithTransaction
  public Uni<StoreView> create(CreateStore request) {
    ZoneId zone = zone(request.timeZone());
    return Store.<Store>find("slug", request.slug())
        .firstResult()
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
              claimDomain(s, request.trackingDomain());
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
        .map(
            s -> {
              claimDomain(s, request.trackingDomain());
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

  /**
   * Sets a new tracking domain as pending, with a fresh token: it serves nothing until {@link
   * #verifyDomain} has seen the token on it. Any number of stores may claim a domain; only the one
   * that shows control of it gets it. Setting the same domain again changes nothing.
   */
  private static void claimDomain(Store s, String domain) {
    if (domain == null || domain.equals(s.trackingDomain)) {
      return;
    }
    s.trackingDomain = domain;
    s.trackingDomainToken = "wb-" + KeyHashing.randomToken(32);
    s.trackingDomainVerifiedAt = null;
  }

  /**
   * Checks that the store controls its pending tracking domain (see {@link DomainOwnership}) and,
   * if so, lets it serve the store's pages. A domain another store holds verified stays with that
   * store.
   */
  public Uni<StoreView> verifyDomain(Caller caller, String slug) {
    return Panache.withSession(() -> visible(caller, slug))
        .chain(
            s -> {
              if (s.trackingDomain == null) {
                throw new Problems.Conflict(
                    "no-tracking-domain", "The store has no tracking domain to verify");
              }
              if (s.trackingDomainVerifiedAt != null) {
                return Uni.createFrom().item(StoreView.of(s));
              }
              String domain = s.trackingDomain;
              String token = s.trackingDomainToken;
              // The DNS and HTTP clients answer on their own threads; the session needs this one.
              Context context = Vertx.currentContext();
              return ownership
                  .shows(domain, token)
                  .emitOn(
                      task -> {
                        if (context == null) {
                          task.run();
                        } else {
                          context.runOnContext(ignored -> task.run());
                        }
                      })
                  .chain(
                      shown -> {
                        if (!shown) {
                          throw new Problems.Unprocessable(
                              "domain-not-verified",
                              "Neither a TXT record at "
                                  + DomainOwnership.dnsName(domain)
                                  + " nor "
                                  + DomainOwnership.httpUrl(domain, token)
                                  + " shows the store's token yet",
                              Map.of("domain", domain));
                        }
                        return Panache.withTransaction(() -> markVerified(s.id, domain, token));
                      })
                  .onFailure(StoreService::uniqueViolation)
                  .transform(e -> taken(domain))
                  .call(view -> invalidations.publish(STORE_CHANGED, view.id().toString()));
            });
  }

  private static Uni<StoreView> markVerified(UUID id, String domain, String token) {
    return Store.count(
            "trackingDomain = ?1 and trackingDomainVerifiedAt is not null and id <> ?2", domain, id)
        .chain(
            others -> {
              if (others > 0) {
                throw taken(domain);
              }
              return Store.<Store>findById(id);
            })
        .map(
            s -> {
              // Changed while the check ran: that claim has to be checked on its own.
              if (s == null
                  || !domain.equals(s.trackingDomain)
                  || !token.equals(s.trackingDomainToken)) {
                throw new Problems.Conflict(
                    "tracking-domain-changed", "The tracking domain changed during the check");
              }
              if (s.trackingDomainVerifiedAt == null) {
                s.trackingDomainVerifiedAt = now();
                s.updatedAt = s.trackingDomainVerifiedAt;
              }
              return StoreView.of(s);
            });
  }

  private static Problems.Conflict taken(String domain) {
    return new Problems.Conflict("domain-taken", "Another store already serves '" + domain + "'");
  }

  /** The database's own guard against two stores verifying one domain at the same moment. */
  private static boolean uniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.contains("stores_tracking_domain_verified")) {
        return true;
      }
    }
    return false;
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
