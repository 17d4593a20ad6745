package dev.waybill.support.agents;

import dev.waybill.platform.security.KeyHashing;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Console sessions that can be ended before their cookie expires. The session lives in Quarkus's
 * encrypted form-login cookie, which holds nothing but the principal's name; that name is therefore
 * the session's random id followed by the agent's email, and signing out records the id in Redis,
 * where every pod refuses it from then on. The record only has to outlive the idle timeout: by then
 * every cookie issued to the session has expired anyway.
 *
 * <p>When Redis can't be asked, sessions are taken as not ended (counted in {@code
 * waybill.console.session.check-errors}), so an outage doesn't sign every agent out.
 */
@ApplicationScoped
public class AgentSessions {

  static final String EMAIL = "email";
  static final String SESSION = "session";
  private static final int ID_LENGTH = 24;
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final Duration WARN_EVERY = Duration.ofSeconds(30);

  /** What a session cookie names: the session and the agent. */
  record Session(String id, String email) {

    /** The principal's name a cookie carries. */
    String principal() {
      return id + " " + email;
    }

    /** The session a cookie names, or null for anything else (a cookie from an older version). */
    static Session parse(String principal) {
      int space = principal == null ? -1 : principal.indexOf(' ');
      if (space != ID_LENGTH || principal.length() == space + 1) {
        return null;
      }
      return new Session(principal.substring(0, space), principal.substring(space + 1));
    }

    static Session start(String email) {
      return new Session(KeyHashing.randomToken(ID_LENGTH), email);
    }
  }

  private final ReactiveRedisDataSource redis;
  private final MeterRegistry metrics;
  private final Duration keep;
  private final Clock clock;
  private final AtomicLong lastWarning = new AtomicLong();

  public AgentSessions(
      ReactiveRedisDataSource redis,
      MeterRegistry metrics,
      Clock clock,
      @ConfigProperty(name = "quarkus.http.auth.form.timeout", defaultValue = "30M")
          Duration idleTimeout) {
    this.redis = redis;
    this.metrics = metrics;
    this.clock = clock;
    // A minute more, for a cookie renewed while the session was being ended.
    this.keep = idleTimeout.plusMinutes(1);
  }

  /** The signed-in agent's email. */
  public static String email(SecurityIdentity identity) {
    String email = identity.getAttribute(EMAIL);
    return email != null ? email : identity.getPrincipal().getName();
  }

  /**
   * Ends the identity's session on every pod: its cookie, copied or not, is refused from now on.
   * When Redis fails the browser is still signed out, and the failure is logged.
   */
  public Uni<Void> end(SecurityIdentity identity) {
    String id = identity.getAttribute(SESSION);
    if (id == null) {
      return Uni.createFrom().voidItem();
    }
    return redis
        .execute("SET", key(id), "1", "PX", Long.toString(keep.toMillis()))
        .ifNoItem()
        .after(TIMEOUT)
        .fail()
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(
            e -> {
              metrics.counter("waybill.console.session.check-errors").increment();
              Log.warnf("A console session was not ended on other pods, Redis failed: %s", e);
              return null;
            });
  }

  /** Whether the session was ended. */
  Uni<Boolean> ended(Session session) {
    return redis
        .execute("EXISTS", key(session.id()))
        .ifNoItem()
        .after(TIMEOUT)
        .fail()
        .map(r -> r != null && r.toLong() > 0)
        .onFailure()
        .recoverWithItem(
            e -> {
              metrics.counter("waybill.console.session.check-errors").increment();
              warn(e);
              return false;
            });
  }

  private static String key(String id) {
    return "wb:console:ended:" + id;
  }

  private void warn(Throwable e) {
    long now = clock.millis();
    long last = lastWarning.get();
    if ((last == 0 || now < last || now - last >= WARN_EVERY.toMillis())
        && lastWarning.compareAndSet(last, now)) {
      Log.warnf("Console sessions not checked for sign-out, Redis failed: %s", e);
    }
  }
}
