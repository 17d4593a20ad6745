package dev.waybill.platform.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets in Redis, shared by every pod. A request takes its tokens from each of its buckets
 * in a single atomic script (one round trip), or from none of them when any is empty, so a refused
 * request costs its caller nothing. Time comes from the Redis server, so pods with skewed clocks
 * still agree.
 *
 * <p>A round trip per request would cost more than the cached lookup it guards, so a pod takes a
 * small lease of tokens at once (a tenth of a second's refill, at most {@link #MAX_LEASE}) and
 * spends it locally for up to {@link #LEASE_TTL}; what a pod does not spend in that time is dropped
 * (lease ages come from the application's clock, and a clock set back ends a lease). A bucket
 * therefore admits at most its quota, and may refuse a little early when pods hold leases they
 * don't use. Buckets that refill slower than ten tokens a second get no lease: every request asks
 * Redis, so small limits stay exact.
 *
 * <p>Buckets fail open: when Redis is unreachable the request goes through, is counted in {@code
 * waybill.ratelimit.errors}, and a warning is logged at most every {@link #WARN_EVERY}.
 */
@ApplicationScoped
public class TokenBuckets {

  /**
   * ARGV holds (capacity, window ms) per key, then how many tokens the caller would like. A bucket
   * refills capacity tokens evenly over its window, so an idle bucket is full after one window and
   * may then expire. Grants as many of the wanted tokens as every bucket has, at least one, or
   * none. Returns {allowed, retry-after ms, tokens granted, then per key: tokens left, ms until
   * full}.
   */
  static final String TAKE =
      "if redis.replicate_commands then pcall(redis.replicate_commands) end\n"
          + "local t = redis.call('TIME')\n"
          + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
          + "local tokens = {}\n"
          + "local want = tonumber(ARGV[2 * #KEYS + 1])\n"
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
          + "  if math.floor(tk) < want then want = math.floor(tk) end\n"
          + "  if tk < 1 then\n"
          + "    allowed = 0\n"
          + "    local w = math.ceil((1 - tk) / rate)\n"
          + "    if w > wait then wait = w end\n"
          + "  end\n"
          + "end\n"
          + "if allowed == 0 then want = 0 end\n"
          + "local out = {allowed, wait, want}\n"
          + "for i = 1, #KEYS do\n"
          + "  local cap = tonumber(ARGV[2 * i - 1])\n"
          + "  local win = tonumber(ARGV[2 * i])\n"
          + "  local tk = tokens[i]\n"
          + "  tk = tk - want\n"
          + "  redis.call('HSET', KEYS[i], 'tk', tostring(tk), 'ts', tostring(now))\n"
          + "  redis.call('PEXPIRE', KEYS[i], win)\n"
          + "  out[#out + 1] = math.floor(tk)\n"
          + "  out[#out + 1] = math.ceil((cap - tk) * win / cap)\n"
          + "end\n"
          + "return out";

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  static final int MAX_LEASE = 100;

  /** Beyond this many live leases (clients seen in the last second) new ones are not kept. */
  static final int MAX_LEASES = 100_000;

  static final Duration LEASE_TTL = Duration.ofSeconds(1);
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

  /** Keyed by the request's buckets themselves (records): no key is built per request. */
  private final Map<List<Bucket>, Lease> leases = new ConcurrentHashMap<>();

  private final AtomicLong lastSweep;
  private final Clock clock;

  public TokenBuckets(ReactiveRedisDataSource redis, MeterRegistry metrics, Clock clock) {
    this.redis = redis;
    this.metrics = metrics;
    this.errors = metrics.counter("waybill.ratelimit.errors");
    this.clock = clock;
    this.lastSweep = new AtomicLong(clock.millis());
  }

  /**
   * One token from this pod's lease of these buckets, answered at once, or null when Redis must be
   * asked ({@link #take}): no lease, or it is spent or too old.
   */
  public Outcome spendLeased(List<Bucket> buckets) {
    if (leaseSize(buckets) <= 1) {
      return null;
    }
    Lease lease = leases.get(buckets);
    if (lease == null) {
      return null;
    }
    Outcome local = lease.spend(clock.millis());
    if (local == null) {
      leases.remove(buckets, lease);
    }
    return local;
  }

  public Uni<Outcome> take(List<Bucket> buckets) {
    Outcome leased = spendLeased(buckets);
    if (leased != null) {
      return Uni.createFrom().item(leased);
    }
    int want = leaseSize(buckets);
    List<Bucket> id = want > 1 ? buckets : null;
    List<String> args = new ArrayList<>(4 + buckets.size() * 3);
    args.add(TAKE);
    args.add(Integer.toString(buckets.size()));
    for (Bucket b : buckets) {
      args.add("wb:tb:" + b.policy() + ":" + KeyHashing.sha256Hex(b.subject()).substring(0, 32));
    }
    for (Bucket b : buckets) {
      args.add(Integer.toString(b.capacity()));
      args.add(Long.toString(Math.max(1, b.window().toMillis())));
    }
    args.add(Integer.toString(want));
    return redis
        .execute("EVAL", args.toArray(String[]::new))
        .ifNoItem()
        .after(TIMEOUT)
        .fail()
        .map(
            r -> {
              boolean allowed = r.get(0).toLong() == 1;
              long waitMs = r.get(1).toLong();
              long granted = r.get(2).toLong();
              List<State> states = new ArrayList<>(buckets.size());
              for (int i = 0; i < buckets.size(); i++) {
                long left = Math.max(0, r.get(3 + 2 * i).toLong());
                long fullMs = Math.max(0, r.get(4 + 2 * i).toLong());
                states.add(new State(buckets.get(i), left, (fullMs + 999) / 1000));
              }
              if (!allowed) {
                String policy = exhausted(states);
                metrics.counter("waybill.ratelimit.rejected", "bucket", policy).increment();
              } else if (id != null && granted > 1) {
                // This request spends one token; the rest are kept for the next requests here.
                long now = clock.millis();
                sweep(now);
                if (leases.size() < MAX_LEASES) {
                  leases.put(id, new Lease(states, granted - 1, now));
                }
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

  /** Drops expired leases, at most once per lease lifetime, so one-off clients leave nothing. */
  private void sweep(long now) {
    long last = lastSweep.get();
    if (expired(last, now, LEASE_TTL) && lastSweep.compareAndSet(last, now)) {
      leases.values().removeIf(lease -> expired(lease.takenAt, now, LEASE_TTL));
    }
  }

  /** Tokens to ask for at once: a tenth of a second's refill of the slowest bucket. */
  static int leaseSize(List<Bucket> buckets) {
    double perSecond = Double.MAX_VALUE;
    for (Bucket b : buckets) {
      perSecond = Math.min(perSecond, b.capacity() * 1000.0 / Math.max(1, b.window().toMillis()));
    }
    return (int) Math.max(1, Math.min(MAX_LEASE, Math.floor(perSecond / 10)));
  }

  /** Tokens this pod took from Redis and has not spent yet, with the buckets' state back then. */
  static final class Lease {
    private final List<State> states;
    private final AtomicLong left;
    private final long takenAt;

    /** {@code takenAt} in the clock's milliseconds. */
    Lease(List<State> states, long left, long takenAt) {
      this.states = states;
      this.left = new AtomicLong(left);
      this.takenAt = takenAt;
    }

    /** One token from the lease, or null when it is spent or too old ({@code now} in millis). */
    Outcome spend(long now) {
      if (expired(takenAt, now, LEASE_TTL)) {
        return null;
      }
      long remaining = left.decrementAndGet();
      if (remaining < 0) {
        return null;
      }
      List<State> current = new ArrayList<>(states.size());
      for (State st : states) {
        current.add(new State(st.bucket(), st.remaining() + remaining, st.resetSeconds()));
      }
      return new Outcome(true, 0, current, true);
    }
  }

  private static String exhausted(List<State> states) {
    for (State s : states) {
      if (s.remaining() < 1) {
        return s.bucket().policy();
      }
    }
    return states.isEmpty() ? "unknown" : states.get(0).bucket().policy();
  }

  /** Whether {@code ttl} has passed since {@code then}; a clock set back counts as passed. */
  private static boolean expired(long then, long now, Duration ttl) {
    return now < then || now - then > ttl.toMillis();
  }

  private void warn(Throwable e) {
    long now = clock.millis();
    long last = lastWarning.get();
    if ((last == 0 || now < last || now - last >= WARN_EVERY.toMillis())
        && lastWarning.compareAndSet(last, now)) {
      Log.warnf("API rate limits not checked (failing open), Redis failed: %s", e.toString());
    }
  }
}
