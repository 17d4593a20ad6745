package dev.waybill.tracking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.RateLimiter;
import dev.waybill.platform.security.RateLimiter.Limit;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Limits on guessing through lookups by order number and contact, per client address and per order
 * (see {@link TrackingConfig.Lookup}). Counters live in Redis and are shared by every pod.
 *
 * <p>A failed lookup counts one attempt on both. A successful one only asks whether either limit is
 * already reached, and a client that got an order right moments ago is remembered in memory, so a
 * shopper's repeated lookups of their own order cost no Redis round trip. What Redis refused is
 * remembered in memory too, so a refused client gets its answer without touching Postgres or Redis.
 */
@ApplicationScoped
class LookupLimits {

  static final String PER_CLIENT = "lookup-client";
  static final String PER_ORDER = "lookup-order";

  private static final String REFUSED = "Too many lookups; retry after the time in Retry-After";

  /** How long a client that got an order right may look it up again without asking Redis. */
  static final Duration ADMITTED_FOR = Duration.ofMinutes(1);

  private final RateLimiter limiter;
  private final TrackingConfig.Lookup config;
  private final Clock clock;
  private final Cache<String, Boolean> admitted;
  private final Cache<String, Long> refusedUntil;

  LookupLimits(RateLimiter limiter, TrackingConfig config, Clock clock) {
    this.limiter = limiter;
    this.config = config.lookup();
    this.clock = clock;
    this.admitted =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(ADMITTED_FOR).build();
    this.refusedUntil =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(this.config.window()).build();
  }

  /** The order as the per-order limit counts it: order numbers are compared without case. */
  static String order(UUID storeId, String orderNumber) {
    return storeId + "|" + orderNumber.toUpperCase(Locale.ROOT);
  }

  /** Fails at once when this pod already knows the client or the order is refused. */
  Uni<Void> beforeLookup(String client, String order) {
    long wait = Math.max(refusedFor(PER_CLIENT, client), refusedFor(PER_ORDER, order));
    return wait > 0
        ? Uni.createFrom().failure(new Problems.TooManyRequests(REFUSED, wait))
        : Uni.createFrom().voidItem();
  }

  /**
   * Whether this client got this order right with this contact moments ago and neither it nor the
   * order is known to be refused: the lookup may then be answered without asking Redis.
   */
  boolean admittedLocally(String client, String order, String contact) {
    return admitted.getIfPresent(id(client, order, contact)) != null
        && refusedFor(PER_CLIENT, client) == 0
        && refusedFor(PER_ORDER, order) == 0;
  }

  private static String id(String client, String order, String contact) {
    return client + '\u0000' + order + '\u0000' + contact;
  }

  /** A failed lookup: counted on both limits; fails when one is now exceeded. */
  Uni<Void> failed(String client, String order) {
    return limiter.waits(limits(client, order), true).map(waits -> refuseIf(waits, client, order));
  }

  /** A lookup with the right details: fails when either limit is already reached. */
  Uni<Void> succeeded(String client, String order, String contact) {
    String id = id(client, order, contact);
    if (admitted.getIfPresent(id) != null) {
      return Uni.createFrom().voidItem();
    }
    return limiter
        .waits(limits(client, order), false)
        .map(
            waits -> {
              refuseIf(waits, client, order);
              admitted.put(id, Boolean.TRUE);
              return null;
            });
  }

  private Void refuseIf(long[] waits, String client, String order) {
    long now = clock.millis();
    if (waits[0] > 0) {
      refusedUntil.put(PER_CLIENT + '\u0000' + client, now + waits[0] * 1000);
    }
    if (waits[1] > 0) {
      refusedUntil.put(PER_ORDER + '\u0000' + order, now + waits[1] * 1000);
    }
    long wait = Math.max(waits[0], waits[1]);
    if (wait > 0) {
      throw new Problems.TooManyRequests(REFUSED, wait);
    }
    return null;
  }

  /** Seconds this pod knows the subject stays refused, or 0. */
  private long refusedFor(String bucket, String subject) {
    Long until = refusedUntil.getIfPresent(bucket + '\u0000' + subject);
    if (until == null) {
      return 0;
    }
    long left = until - clock.millis();
    return left <= 0 ? 0 : (left + 999) / 1000;
  }

  private List<Limit> limits(String client, String order) {
    return List.of(
        new Limit(PER_CLIENT, client, config.perClient(), config.window()),
        new Limit(PER_ORDER, order, config.perOrder(), config.window()));
  }
}
