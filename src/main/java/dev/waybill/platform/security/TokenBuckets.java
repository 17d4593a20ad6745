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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets in Redis, shared by every pod. One request takes a token from each of its buckets
 * in a single atomic script (one round trip), or from none of them when any is empty, so a refused
 * request costs its caller nothing. Time comes from the Redis server, so pods with skewed clocks
 * still agree.
 *
 * <p>Buckets fail open: when Redis is unreachable the request goes through, is counted in {@code
 * waybill.ratelimit.errors}, and a warning is logged at most every {@link #WARN_EVERY}.
 */
@ApplicationScoped
public class TokenBuckets {

  /**
   * ARGV holds (capacity, window ms) per key. A bucket refills capacity tokens evenly over its
   * window, so an idle bucket is full after one window and may then expire. Returns {allowed,
   * retry-after ms, then per key: tokens left, ms until full}.
   */
  static final String TAKE =
      "if redis.replicate_commands then pcall(redis.replicate_commands) end\n"
          + "local t = redis.call('TIME')\n"
          + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
          + "local tokens = {}\n"
          + "local allowed = 1\n"
          + "local wait = 0\n"
          + "for i = 1, #KEYS do\n"
          + "  local cap = tonumber(ARGV[2 * i - 1])\n"
          + "  local rate = cap / tonumber(ARGV[2 * i])\n"
          + "  local s = redis.call('HMGET', KEYS[i], 'tk', 'ts')\n"
          + "  local tk = tonumber(s[1])\n"
          + "  local ts = tonumber(s[2])\n"
          + "  if tk == nil or ts == nil then tk = cap ts = now end\n"
          + "  if now > ts then tk = math.min(cap, tk + (now - ts) * rate) end\n"
          + "  if tk > cap then tk = cap end\n"
          + "  tokens[i] = tk\n"
          + "  if tk < 1 then\n"
          + "    allowed = 0\n"
          + "    local w = math.ceil((1 - tk) / rate)\n"
          + "    if w > wait then wait = w end\n"
          + "  end\n"
          + "end\n"
          + "local out = {allowed, wait}\n"
          + "for i = 1, #KEYS do\n"
          + "  local cap = tonumber(ARGV[2 * i - 1])\n"
          + "  local win = tonumber(ARGV[2 * i])\n"
          + "  local tk = tokens[i]\n"
          + "  if allowed == 1 then tk = tk - 1 end\n"
          + "  redis.call('HSET', KEYS[i], 'tk', tostring(tk), 'ts', tostring(now))\n"
          + "  redis.call('PEXPIRE', KEYS[i], win)\n"
          + "  out[#out + 1] = math.floor(tk)\n"
          + "  out[#out + 1] = math.ceil((cap - tk) * win / cap)\n"
          + "end\n"
          + "return out";

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  static final Duration WARN_EVERY = Duration.ofSeconds(30);

  /** One bucket: {@code capacity} requests per {@code window} for one subject. */
  public record Bucket(String policy, String subject, int capacity, Duration window) {}

  /** A bucket's state after the request: tokens left and seconds until it is full again. */
  public record State(Bucket bucket, long remaining, long resetSeconds) {}

  /**
   * Whether the request may go on ({@code retryAfterSeconds} when not), with each bucket's state;
   * {@code checked} is false when Redis could not be asked.
   */
  public record Outcome(
      boolean allowed, long retryAfterSeconds, List<State> states, boolean checked) {

    static Outcome unchecked() {
      return new Outcome(true, 0, List.of(), false);
    }
  }

  private final ReactiveRedisDataSource redis;
  private final MeterRegistry metrics;
  private final Counter errors;
  private final AtomicLong lastWarning = new AtomicLong();

  public TokenBuckets(ReactiveRedisDataSource redis, MeterRegistry metrics) {
    this.redis = redis;
    this.metrics = metrics;
    this.errors = metrics.counter("waybill.ratelimit.errors");
  }

  public Uni<Outcome> take(List<Bucket> buckets) {
    List<String> args = new ArrayList<>(3 + buckets.size() * 3);
    args.add(TAKE);
    args.add(Integer.toString(buckets.size()));
    for (Bucket b : buckets) {
      args.add("wb:tb:" + b.policy() + ":" + KeyHashing.sha256Hex(b.subject()).substring(0, 32));
    }
    for (Bucket b : buckets) {
      args.add(Integer.toString(b.capacity()));
      args.add(Long.toString(Math.max(1, b.window().toMillis())));
    }
    return redis
        .execute("EVAL", args.toArray(String[]::new))
        .ifNoItem()
        .after(TIMEOUT)
        .fail()
        .map(
            r -> {
              boolean allowed = r.get(0).toLong() == 1;
              long waitMs = r.get(1).toLong();
              List<State> states = new ArrayList<>(buckets.size());
              for (int i = 0; i < buckets.size(); i++) {
                long left = Math.max(0, r.get(2 + 2 * i).toLong());
                long fullMs = Math.max(0, r.get(3 + 2 * i).toLong());
                states.add(new State(buckets.get(i), left, (fullMs + 999) / 1000));
              }
              if (!allowed) {
                String policy = exhausted(states);
                metrics.counter("waybill.ratelimit.rejected", "bucket", policy).increment();
              }
              return new Outcome(
                  allowed, allowed ? 0 : Math.max(1, (waitMs + 999) / 1000), states, true);
            })
        .onFailure()
        .recoverWithItem(
            e -> {
              errors.increment();
              warn(e);
              return Outcome.unchecked();
            });
  }

  private static String exhausted(List<State> states) {
    for (State s : states) {
      if (s.remaining() < 1) {
        return s.bucket().policy();
      }
    }
    return states.isEmpty() ? "unknown" : states.get(0).bucket().policy();
  }

  private void warn(Throwable e) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if ((last == 0 || now - last >= WARN_EVERY.toNanos()) && lastWarning.compareAndSet(last, now)) {
      Log.warnf("API rate limits not checked (failing open), Redis failed: %s", e.toString());
    }
  }
}
