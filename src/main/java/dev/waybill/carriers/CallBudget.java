package dev.waybill.carriers;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carriers' daily call budgets, counted in Redis so every pod spends from the same one. A day is a
 * UTC day. Calls are spread over it: by any moment, at most the share of the budget that the day's
 * elapsed part allows (plus one) has been spent, so a morning backlog can't use up the afternoon's
 * calls. What is left shows in the gauge {@code waybill.carrier.quota.remaining}.
 */
@ApplicationScoped
public class CallBudget {

  /**
   * KEYS[1] the day's counter; ARGV the calls wanted, the calls allowed by now, the key's life in
   * ms. Grants what fits under the allowance; returns {granted, used after}.
   */
  static final String TAKE =
      "local used = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
          + "local want = tonumber(ARGV[1])\n"
          + "local allowed = tonumber(ARGV[2])\n"
          + "local grant = math.max(0, math.min(want, allowed - used))\n"
          + "if grant > 0 then\n"
          + "  used = redis.call('INCRBY', KEYS[1], grant)\n"
          + "  redis.call('PEXPIRE', KEYS[1], ARGV[3])\n"
          + "end\n"
          + "return {grant, used}";

  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private final ReactiveRedisDataSource redis;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final Map<String, AtomicLong> remaining = new ConcurrentHashMap<>();

  public CallBudget(ReactiveRedisDataSource redis, Clock clock, MeterRegistry metrics) {
    this.redis = redis;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Takes up to {@code wanted} calls of a carrier's budget for today; completes with how many were
   * granted. When Redis can't be asked, grants none: the shipments wait rather than spend a budget
   * nobody can count.
   */
  public Uni<Integer> take(String carrier, int budget, int wanted) {
    if (wanted <= 0) {
      return Uni.createFrom().item(0);
    }
    Instant now = clock.instant();
    return redis
        .execute(
            "EVAL",
            TAKE,
            "1",
            key(carrier, now),
            Integer.toString(wanted),
            Long.toString(allowedBy(budget, now)),
            Long.toString(DAY.multipliedBy(2).toMillis()))
        .ifNoItem()
        .after(TIMEOUT)
        .fail()
        .map(
            r -> {
              int granted = r.get(0).toInteger();
              gauge(carrier).set(Math.max(0, budget - r.get(1).toLong()));
              return granted;
            })
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.warnf("Could not count %s's daily calls (%s); its polls wait", carrier, e);
              return 0;
            });
  }

  /** Calls left today, or {@code -1} when Redis can't be asked. */
  public Uni<Long> remaining(String carrier, int budget) {
    return redis
        .execute("GET", key(carrier, clock.instant()))
        .ifNoItem()
        .after(TIMEOUT)
        .fail()
        .map(
            r -> {
              long left = Math.max(0, budget - (r == null ? 0 : r.toLong()));
              gauge(carrier).set(left);
              return left;
            })
        .onFailure()
        .recoverWithItem(-1L);
  }

  /**
   * How long until the next call of a budget becomes available, evenly spread: a day divided by the
   * budget.
   */
  public static Duration pace(int budget) {
    return DAY.dividedBy(Math.max(1, budget));
  }

  /** Calls the spread allows to have been spent by {@code now}: the elapsed share, plus one. */
  static long allowedBy(int budget, Instant now) {
    long dayMillis = DAY.toMillis();
    long elapsed = now.toEpochMilli() - startOfDay(now).toEpochMilli();
    return Math.min(budget, (long) budget * elapsed / dayMillis + 1);
  }

  private static Instant startOfDay(Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static String key(String carrier, Instant now) {
    return "wb:quota:" + carrier + ":" + LocalDate.ofInstant(now, ZoneOffset.UTC);
  }

  private AtomicLong gauge(String carrier) {
    return remaining.computeIfAbsent(
        carrier,
        c -> {
          AtomicLong value = new AtomicLong(-1);
          metrics.gauge(
              "waybill.carrier.quota.remaining",
              java.util.List.of(io.micrometer.core.instrument.Tag.of("carrier", c)),
              value);
          return value;
        });
  }
}
