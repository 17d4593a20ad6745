package dev.waybill.tracking;

import dev.waybill.orders.TrackingLinks;
import dev.waybill.platform.security.KeyPurpose;
import dev.waybill.platform.security.LinkSignature;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Signed, opaque, expiring tracking-link tokens. A token names the store, the order number and the
 * order's token version; bumping that version revokes every token issued before. They are signed
 * with the tracking-links key derived from the master secret ({@link KeyPurpose#TRACKING_LINKS});
 * while {@code accept-legacy-links} is on, links signed before with the master secret itself still
 * verify until they expire, and each one that does is counted.
 */
@ApplicationScoped
public class TrackingTokens implements TrackingLinks {

  private static final byte FORMAT = 1;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** What a valid token says. */
  public record Claims(UUID storeId, String orderNumber, int tokenVersion) {}

  private final LinkSignature signature;
  private final long ttlSeconds;
  private final Clock clock;

  @Inject
  public TrackingTokens(TrackingConfig config, MeterRegistry metrics) {
    this(
        config.tokenSecret(),
        config.acceptLegacyLinks(),
        config.tokenTtl().toSeconds(),
        Clock.systemUTC(),
        metrics);
  }

  TrackingTokens(String secret, long ttlSeconds, Clock clock) {
    this(secret, false, ttlSeconds, clock, new SimpleMeterRegistry());
  }

  TrackingTokens(
      String secret, boolean acceptLegacy, long ttlSeconds, Clock clock, MeterRegistry metrics) {
    this(
        checked(secret),
        KeyPurpose.TRACKING_LINKS.key(secret),
        acceptLegacy,
        ttlSeconds,
        clock,
        metrics);
  }

  /** Tokens signed with {@code key}; {@code secret} is the master, the legacy links' key. */
  TrackingTokens(
      String secret,
      byte[] key,
      boolean acceptLegacy,
      long ttlSeconds,
      Clock clock,
      MeterRegistry metrics) {
    this.signature =
        new LinkSignature(
            key,
            acceptLegacy ? secret.getBytes(StandardCharsets.UTF_8) : null,
            metrics.counter("waybill.links.legacy", "kind", "tracking"));
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
  }

  private static String checked(String secret) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException(
          "waybill.tracking.token-secret (WAYBILL_TRACKING_TOKEN_SECRET) must be at least 16"
              + " characters");
    }
    return secret;
  }

  public String issue(UUID storeId, String orderNumber, int tokenVersion) {
    byte[] number = orderNumber.getBytes(StandardCharsets.UTF_8);
    ByteBuffer payload = ByteBuffer.allocate(1 + 16 + 8 + 4 + number.length);
    payload.put(FORMAT);
    payload.putLong(storeId.getMostSignificantBits()).putLong(storeId.getLeastSignificantBits());
    payload.putLong(clock.instant().getEpochSecond() + ttlSeconds);
    payload.putInt(tokenVersion);
    payload.put(number);
    byte[] body = payload.array();
    return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(signature.sign(body));
  }

  /** The token's claims, or empty when it is malformed, forged or expired. */
  public Optional<Claims> verify(String token) {
    if (token == null || token.length() > 400) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    try {
      byte[] body = DECODER.decode(token.substring(0, dot));
      byte[] sig = DECODER.decode(token.substring(dot + 1));
      if (body.length < 30 || body[0] != FORMAT || !signature.verifies(body, sig)) {
        return Optional.empty();
      }
      ByteBuffer in = ByteBuffer.wrap(body, 1, body.length - 1);
      UUID store = new UUID(in.getLong(), in.getLong());
      long expires = in.getLong();
      int version = in.getInt();
      if (expires < clock.instant().getEpochSecond()) {
        return Optional.empty();
      }
      String number = new String(body, 29, body.length - 29, StandardCharsets.UTF_8);
      return Optional.of(new Claims(store, number, version));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
