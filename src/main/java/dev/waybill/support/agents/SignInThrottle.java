package dev.waybill.support.agents;

import dev.waybill.platform.security.KeyHashing;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slows down password guessing at the console's sign-in, across every pod through Redis. Failed
 * sign-ins are counted per client address and per account; once an address or an account has used
 * its free failures, each further attempt has to wait, twice as long as the one before, up to a
 * cap. Nothing is ever locked for longer than that cap.
 *
 * <p>The decision comes before the password hash is computed, so a refused attempt costs one Redis
 * round trip instead of a PBKDF2. Every attempt that goes through is counted as a failure at once
 * (concurrent guesses can't slip in between a check and the failure it precedes) and given back
 * when it succeeds.
 *
 * <p>Once an agent signed in from an address, the account's own wait no longer applies there (the
 * address's still does): someone guessing at an agent's account from elsewhere slows down the
 * guessing, not the agent at their usual desk.
 *
 * <p>Waits are counted on the application's clock: they last seconds to minutes, far longer than
 * pods' clocks differ. When Redis can't be asked, sign-ins are let through and counted in {@code
 * waybill.console.signin.throttle-errors}.
 */
@ApplicationScoped
class SignInThrottle {

  /**
   * KEYS: the address's failures, the account's failures, the addresses the account signed in from.
   * ARGV: now (ms), the address's member in that set, free failures per address and per account,
   * first wait, longest wait, forget after (ms). Returns {refused for (0 none, 1 address, 2
   * account), wait ms, which waits this attempt started (1 address, 2 account, 3 both)}.
   */
  static final String ADMIT =
      """
      local now = tonumber(ARGV[1])
      local first = tonumber(ARGV[5])
      local cap = tonumber(ARGV[6])
      local known = redis.call('SISMEMBER', KEYS[3], ARGV[2]) == 1
      local function read(key)
        local s = redis.call('HMGET', key, 'n', 'until')
        return tonumber(s[1]) or 0, tonumber(s[2]) or 0
      end
      local an, au = read(KEYS[1])
      if au > now then return {1, au - now, 0} end
      local cn, cu = 0, 0
      if not known then
        cn, cu = read(KEYS[2])
        if cu > now then return {2, cu - now, 0} end
      end
      local function charge(key, n, free)
        n = n + 1
        local wait = 0
        if n >= free then
          wait = math.min(cap, first * 2 ^ math.min(n - free, 40))
        end
        redis.call('HSET', key, 'n', n, 'until', string.format('%d', now + wait))
        redis.call('PEXPIRE', key, ARGV[7])
        if n == free then return 1 end
        return 0
      end
      local started = charge(KEYS[1], an, tonumber(ARGV[3]))
      if not known then started = started + 2 * charge(KEYS[2], cn, tonumber(ARGV[4])) end
      return {0, 0, started}
      """;

  /**
   * After a successful sign-in: gives the address back the failure its attempt was counted as,
   * forgets the account's failures and remembers the address for the account. KEYS as for {@link
   * #ADMIT}; ARGV: the address's member, free failures per address, remember for (ms).
   */
  static final String SUCCEEDED =
      """
      local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0') or 0
      if n > 0 then
        n = n - 1
        if n < tonumber(ARGV[2]) then
          redis.call('HSET', KEYS[1], 'n', n, 'until', '0')
        else
          redis.call('HSET', KEYS[1], 'n', n)
        end
      end
      redis.call('DEL', KEYS[2])
      redis.call('SADD', KEYS[3], ARGV[1])
      redis.call('PEXPIRE', KEYS[3], ARGV[3])
      return 1
      """;

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final Duration WARN_EVERY = Duration.ofSeconds(30);

  /** Whether the attempt may go on; if not, what must wait ({@code address} or {@code account}). */
  record Verdict(String refusedFor, long retryAfterSeconds) {

    static final Verdict GO = new Verdict(null, 0);

    boolean allowed() {
      return refusedFor == null;
    }
  }

  private final ReactiveRedisDataSource redis;
  private final SignInConfig config;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final AtomicLong lastWarning = new AtomicLong();

  SignInThrottle(
      ReactiveRedisDataSource redis, SignInConfig config, MeterRegistry metrics, Clock clock) {
    this.redis = redis;
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Counts the attempt, or refuses it when its address or account must still wait. */
  Uni<Verdict> admit(String address, String email) {
    if (!config.throttle()) {
      return Uni.createFrom().item(Verdict.GO);
    }
    Keys keys = new Keys(address, email);
    return redis
        .execute(
            "EVAL",
            ADMIT,
            "3",
            keys.address,
            keys.account,
            keys.known,
            Long.toString(clock.millis()),
            keys.member,
            Integer.toString(config.freeFailuresPerAddress()),
            Integer.toString(config.freeFailuresPerAccount()),
            Long.toString(Math.max(1, config.firstWait().toMillis())),
            Long.toString(Math.max(1, config.maxWait().toMillis())),
            Long.toString(Math.max(1, config.forgetAfter().toMillis())))
        .ifNoItem()
        .after(TIMEOUT)
        .fail()
        .map(
            r -> {
              long refused = r.get(0).toLong();
              long started = r.get(2).toLong();
              if ((started & 1) != 0) {
                Log.infof(
                    "Console sign-ins from %s now wait between attempts: %d failed",
                    address, config.freeFailuresPerAddress());
              }
              if ((started & 2) != 0) {
                Log.infof(
                    "Console sign-ins to account %s now wait between attempts: %d failed",
                    keys.accountTag(), config.freeFailuresPerAccount());
              }
              if (refused == 0) {
                return Verdict.GO;
              }
              String reason = refused == 1 ? "address" : "account";
              metrics.counter("waybill.console.signin.throttled", "reason", reason).increment();
              return new Verdict(reason, Math.max(1, (r.get(1).toLong() + 999) / 1000));
            })
        .onFailure()
        .recoverWithItem(
            e -> {
              failed(e);
              return Verdict.GO;
            });
  }

  /** The attempt was the agent's own: it was no failure, and its address is one of theirs now. */
  Uni<Void> succeeded(String address, String email) {
    if (!config.throttle()) {
      return Uni.createFrom().voidItem();
    }
    Keys keys = new Keys(address, email);
    return redis
        .execute(
            "EVAL",
            SUCCEEDED,
            "3",
            keys.address,
            keys.account,
            keys.known,
            keys.member,
            Integer.toString(config.freeFailuresPerAddress()),
            Long.toString(Math.max(1, config.rememberAddresses().toMillis())))
        .ifNoItem()
        .after(TIMEOUT)
        .fail()
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(
            e -> {
              failed(e);
              return null;
            });
  }

  private void failed(Throwable e) {
    metrics.counter("waybill.console.signin.throttle-errors").increment();
    long now = clock.millis();
    long last = lastWarning.get();
    if ((last == 0 || now < last || now - last >= WARN_EVERY.toMillis())
        && lastWarning.compareAndSet(last, now)) {
      Log.warnf("Console sign-ins not throttled (letting them through), Redis failed: %s", e);
    }
  }

  /** Redis keys hold hashes only: neither addresses nor emails are stored in clear. */
  private static final class Keys {
    final String address;
    final String account;
    final String known;
    final String member;
    private final String accountHash;

    Keys(String address, String email) {
      this.member = hash(address);
      this.accountHash = hash(email);
      this.address = "wb:signin:address:" + member;
      this.account = "wb:signin:account:" + accountHash;
      this.known = "wb:signin:known:" + accountHash;
    }

    /** How log lines name the account: enough to tell accounts apart, not to read the email. */
    String accountTag() {
      return accountHash.substring(0, 12);
    }

    private static String hash(String value) {
      return KeyHashing.sha256Hex(value).substring(0, 32);
    }
  }
}
