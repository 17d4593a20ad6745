package dev.waybill.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.waybill.platform.errors.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves bearer credentials to a {@link Caller}. Keys are remembered in memory for a short while
 * so that a lookup costs no database round trip; a miss goes to the database once.
 */
@ApplicationScoped
public class Authenticator {

  private static final Optional<Caller> NONE = Optional.empty();

  /**
   * Request property under which the rate limiter leaves the caller it already resolved, so the key
   * is hashed and looked up once per request.
   */
  static final String RESOLVED = Authenticator.class.getName() + ".caller";

  private final KeyResolver resolver;
  private final String adminToken;
  private final long touchIntervalMillis;
  private final Cache<String, Optional<Caller>> cache;

  /**
   * Valid keys as sent, beside their hash: a remembered key is then recognised without hashing it
   * again on every request. Bounded and short-lived like {@link #cache}, and dropped with it.
   */
  private final Cache<String, Verified> verified;

  private record Verified(String hash, Caller caller) {}

  private final ConcurrentHashMap<UUID, Long> lastTouched = new ConcurrentHashMap<>();
  private final Counter rejected;
  private final Counter resolved;

  public Authenticator(KeyResolver resolver, SecurityConfig config, MeterRegistry metrics) {
    this.resolver = resolver;
    this.adminToken = config.adminToken().filter(t -> !t.isBlank()).orElse(null);
    this.touchIntervalMillis = config.keys().touchInterval().toMillis();
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(config.keys().cacheTtl())
            .build();
    // Written together with the hash's entry, so it expires with it too.
    this.verified =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(config.keys().cacheTtl())
            .build();
    this.rejected = metrics.counter("waybill.auth.rejected");
    this.resolved =
        Counter.builder("waybill.auth.key.lookups")
            .description("Bearer values looked up in the database because no pod memory knew them")
            .register(metrics);
  }

  /**
   * The caller behind an {@code Authorization} header value when it is known without asking the
   * database (the platform admin token, or a valid key remembered in memory); null otherwise.
   */
  public Caller known(String authorization) {
    String token = bearer(authorization);
    if (token == null) {
      return null;
    }
    if (isAdmin(token)) {
      return Caller.platformAdmin();
    }
    Verified seen = verified.getIfPresent(token);
    if (seen != null) {
      return seen.caller();
    }
    Optional<Caller> cached = cache.getIfPresent(KeyHashing.sha256Hex(token));
    return cached == null ? null : cached.orElse(null);
  }

  /**
   * Accepts a caller {@link #known(String)} returned earlier in the same request, as {@link
   * #authenticate(String)} would: its use is recorded now and then.
   */
  public Caller recordUse(Caller known) {
    if (!known.isPlatformAdmin()) {
      touch(known);
    }
    return known;
  }

  /** The caller behind an {@code Authorization} header value; fails with 401 when there is none. */
  public Uni<Caller> authenticate(String authorization) {
    String token = bearer(authorization);
    if (token == null) {
      rejected.increment();
      return Uni.createFrom()
          .failure(new Problems.Unauthorized("Send an API key as 'Authorization: Bearer <key>'"));
    }
    if (isAdmin(token)) {
      return Uni.createFrom().item(Caller.platformAdmin());
    }
    Verified seen = verified.getIfPresent(token);
    if (seen != null) {
      return accepted(seen.caller());
    }
    String hash = KeyHashing.sha256Hex(token);
    Optional<Caller> cached = cache.getIfPresent(hash);
    if (cached != null) {
      return cached.map(this::accepted).orElseGet(this::unknownKey);
    }
    resolved.increment();
    return resolver
        .resolve(hash)
        .onItem()
        .transformToUni(
            caller -> {
              cache.put(hash, caller == null ? NONE : Optional.of(caller));
              if (caller != null) {
                verified.put(token, new Verified(hash, caller));
              }
              return caller == null ? unknownKey() : accepted(caller);
            });
  }

  /** Forgets a key at once (after a revocation, here or on another pod). */
  public void forget(String secretHash) {
    cache.invalidate(secretHash);
    verified.asMap().values().removeIf(v -> v.hash().equals(secretHash));
  }

  /** Forgets every remembered key (a revocation whose hash is unknown to this pod). */
  public void forgetAll() {
    cache.invalidateAll();
    verified.invalidateAll();
  }

  private Uni<Caller> accepted(Caller caller) {
    touch(caller);
    return Uni.createFrom().item(caller);
  }

  private void touch(Caller caller) {
    long now = System.currentTimeMillis();
    Long previous = lastTouched.get(caller.keyId());
    if (previous == null || now - previous > touchIntervalMillis) {
      lastTouched.put(caller.keyId(), now);
      // Fire and forget: the request must not wait for bookkeeping.
      resolver
          .touch(caller.keyId())
          .subscribe()
          .with(ignored -> {}, e -> Log.debugf("Could not record key use: %s", e.getMessage()));
    }
  }

  private Uni<Caller> unknownKey() {
    rejected.increment();
    return Uni.createFrom().failure(new Problems.Unauthorized("Unknown or revoked API key"));
  }

  private boolean isAdmin(String token) {
    return adminToken != null && KeyHashing.constantTimeEquals(adminToken, token);
  }

  private static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.trim();
    if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = value.substring(7).trim();
    return token.isEmpty() || token.length() > 200 ? null : token;
  }
}
