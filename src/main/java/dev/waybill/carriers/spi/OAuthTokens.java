package dev.waybill.carriers.spi;

import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * An OAuth client-credentials access token, fetched on first use, reused until shortly before it
 * expires, and refreshed once for all concurrent callers. {@link #invalidate()} forces a refresh
 * (after a 401).
 */
public final class OAuthTokens {

  /** A token and how long it lives. */
  public record Token(String value, Duration expiresIn) {}

  private static final Duration EARLY_REFRESH = Duration.ofSeconds(60);

  private final Supplier<Uni<Token>> fetch;
  private final Clock clock;
  private volatile String token;
  private volatile Instant expiresAt = Instant.EPOCH;
  private Uni<String> inFlight;

  public OAuthTokens(Supplier<Uni<Token>> fetch) {
    this(fetch, Clock.systemUTC());
  }

  public OAuthTokens(Supplier<Uni<Token>> fetch, Clock clock) {
    this.fetch = fetch;
    this.clock = clock;
  }

  /** A valid access token. */
  public Uni<String> get() {
    String current = token;
    if (current != null && clock.instant().isBefore(expiresAt)) {
      return Uni.createFrom().item(current);
    }
    synchronized (this) {
      if (inFlight == null) {
        inFlight =
            fetch
                .get()
                .map(
                    t -> {
                      Duration life = t.expiresIn().minus(EARLY_REFRESH);
                      token = t.value();
                      expiresAt =
                          clock
                              .instant()
                              .plus(life.isNegative() ? t.expiresIn().dividedBy(2) : life);
                      return t.value();
                    })
                .onTermination()
                .invoke(
                    () -> {
                      synchronized (this) {
                        inFlight = null;
                      }
                    })
                .memoize()
                .indefinitely();
      }
      return inFlight;
    }
  }

  /** Forgets the token, so the next {@link #get()} fetches a new one. */
  public void invalidate() {
    token = null;
    expiresAt = Instant.EPOCH;
  }
}
