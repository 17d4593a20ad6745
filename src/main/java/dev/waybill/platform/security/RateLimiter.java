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

  /**
   * Per key, how many milliseconds until it admits again, or 0. ARGV holds (max, window ms) per
   * key, then '1' to count one hit on every key (a key then refuses past max) or '0' only to look
   * (a key then refuses at max, since the next hit would be one too many).
   */
  private static final String WAITS =
      "local count = ARGV[#ARGV] == '1' "
          + "local out = {} "
          + "for i, key in ipairs(KEYS) do "
          + "local max = tonumber(ARGV[2 * i - 1]) "
          + "local n local over "
          + "if count then "
          + "n = redis.call('INCR', key) "
          + "if n == 1 then redis.call('PEXPIRE', key, ARGV[2 * i]) end "
          + "over = n > max "
          + "else n = tonumber(redis.call('GET', key) or '0') over = n >= max end "
          + "local wait = 0 "
          + "if over then "
          + "wait = redis.call('PTTL', key) "
          + "if wait < 0 then "
          + "if count then redis.call('PEXPIRE', key, ARGV[2 * i]) end "
          + "wait = tonumber(ARGV[2 * i]) end end "
          + "out[i] = wait end "
          + "return out";

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

  /**
   * Per limit (in order), how many seconds until it admits again, 0 when it admits now; with {@code
   * count}, one hit is counted on every limit first. Fails open: all zeros when Redis failed.
   */
  public Uni<long[]> waits(List<Limit> limits, boolean count) {
    List<String> args = new ArrayList<>(3 + limits.size() * 3);
    args.add(WAITS);
    args.add(Integer.toString(limits.size()));
    for (Limit l : limits) {
      args.add(key(l));
    }
    for (Limit l : limits) {
      args.add(Integer.toString(l.max()));
      args.add(Long.toString(l.window().toMillis()));
    }
    args.add(count ? "1" : "0");
    return redis
        .execute("EVAL", args.toArray(String[]::new))
        .ifNoItem()
        .after(TIMEOUT)
        .fail()
        .map(
            r -> {
              long[] waits = new long[limits.size()];
              for (int i = 0; i < waits.length; i++) {
                long ms = r.get(i).toLong();
                if (ms > 0) {
                  waits[i] = Math.max(1, (ms + 999) / 1000);
                  metrics
                      .counter("waybill.ratelimit.rejected", "bucket", limits.get(i).bucket())
                      .increment();
                }
              }
              return waits;
            })
        .onFailure()
        .recoverWithItem(
            e -> {
              errors.increment();
              Log.warnf("Rate limits not checked, Redis failed: %s", e.toString());
              return new long[limits.size()];
            });
  }

  private static String key(Limit l) {
    return "wb:rl:" + l.bucket() + ":" + KeyHashing.sha256Hex(l.subject()).substring(0, 32);
  }

  public Uni<Decision> hit(List<Limit> limits) {
    List<String> args = new ArrayList<>();
    args.add("EVAL");
    args.add(HIT);
    args.add(Integer.toString(limits.size()));
    for (Limit l : limits) {
      args.add(key(l));
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
