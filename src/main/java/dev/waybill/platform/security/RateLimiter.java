package dev.waybill.platform.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-window request limits shared by every pod through Redis. Several limits (per client, per
 * order) are counted in one round trip, and a request is refused when any of them is exceeded.
 *
 * <p>Limits fail open: when Redis is unreachable the request goes through, because refusing every
 * shopper is worse than letting a bot through for a moment.
 */
@ApplicationScoped
public class RateLimiter {

  /**
   * Counts one hit on every key and answers the longest wait among exceeded keys, or 0. ARGV holds
   * (max, window ms) per key.
   */
  private static final String HIT =
      "local wait = 0 "
          + "for i, key in ipairs(KEYS) do "
          + "local n = redis.call('INCR', key) "
          + "if n == 1 then redis.call('PEXPIRE', key, ARGV[2 * i]) end "
          + "if n > tonumber(ARGV[2 * i - 1]) then "
          + "local ttl = redis.call('PTTL', key) "
          + "if ttl < 0 then redis.call('PEXPIRE', key, ARGV[2 * i]) ttl = tonumber(ARGV[2 * i]) end "
          + "if ttl > wait then wait = ttl end end end "
          + "return wait";

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  /** One limit: at most {@code max} hits per {@code window} for one subject. */
  public record Limit(String bucket, String subject, int max, Duration window) {}

  /** Whether the request may go on, and if not, how long until it may. */
  public record Decision(boolean allowed, long retryAfterSeconds) {}

  private final ReactiveRedisDataSource redis;
  private final MeterRegistry metrics;
  private final Counter errors;

  public RateLimiter(ReactiveRedisDataSource redis, MeterRegistry metrics) {
    this.redis = redis;
    this.metrics = metrics;
    this.errors = metrics.counter("waybill.ratelimit.errors");
  }

  public Uni<Decision> hit(List<Limit> limits) {
    List<String> args = new ArrayList<>();
    args.add("EVAL");
    args.add(HIT);
    args.add(Integer.toString(limits.size()));
    for (Limit l : limits) {
      args.add("wb:rl:" + l.bucket() + ":" + KeyHashing.sha256Hex(l.subject()).substring(0, 32));
    }
    for (Limit l : limits) {
      args.add(Integer.toString(l.max()));
      args.add(Long.toString(l.window().toMillis()));
    }
    return redis
        .execute(args.get(0), args.subList(1, args.size()).toArray(String[]::new))
        .ifNoItem()
        .after(TIMEOUT)
        .fail()
        .map(
            r -> {
              long waitMs = r == null ? 0 : r.toLong();
              if (waitMs <= 0) {
                return new Decision(true, 0);
              }
              metrics
                  .counter("waybill.ratelimit.rejected", "bucket", limits.get(0).bucket())
                  .increment();
              return new Decision(false, Math.max(1, (waitMs + 999) / 1000));
            })
        .onFailure()
        .recoverWithItem(
            e -> {
              errors.increment();
              Log.warnf("Rate limits not checked, Redis failed: %s", e.toString());
              return new Decision(true, 0);
            });
  }
}
