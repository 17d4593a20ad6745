package dev.waybill.notifications;

import dev.waybill.platform.security.KeyPurpose;
import dev.waybill.platform.security.LinkSignature;
import dev.waybill.tracking.TrackingConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed links to a shopper's notification settings. They name the order and never expire: an
 * unsubscribe link in an old email must still work. The key is derived from the master secret for
 * this purpose alone ({@link KeyPurpose#PREFERENCE_LINKS}), so no new secret has to be configured
 * and no other kind of token verifies here. While {@code accept-legacy-links} is on, links signed
 * with the key derived the older way still verify, and each one that does is counted.
 */
@ApplicationScoped
public class PreferenceLinks {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final LinkSignature signature;
  private final String baseUrl;

  @Inject
  public PreferenceLinks(
      TrackingConfig tracking, NotificationsConfig config, MeterRegistry metrics) {
    this(
        tracking.tokenSecret(),
        tracking.acceptLegacyLinks(),
        stripSlash(config.publicBaseUrl()),
        metrics);
  }

  PreferenceLinks(String secret, boolean acceptLegacy, String baseUrl, MeterRegistry metrics) {
    this(secret, KeyPurpose.PREFERENCE_LINKS.key(secret), acceptLegacy, baseUrl, metrics);
  }

  /** Links signed with {@code key}; {@code secret} is the master, from which legacy keys came. */
  PreferenceLinks(
      String secret, byte[] key, boolean acceptLegacy, String baseUrl, MeterRegistry metrics) {
    this.signature =
        new LinkSignature(
            key,
            acceptLegacy ? hmac(secret.getBytes(StandardCharsets.UTF_8), "preferences") : null,
            metrics.counter("waybill.links.legacy", "kind", "preferences"));
    this.baseUrl = baseUrl;
  }

  public String issue(UUID orderId) {
    byte[] body =
        ByteBuffer.allocate(16)
            .putLong(orderId.getMostSignificantBits())
            .putLong(orderId.getLeastSignificantBits())
            .array();
    return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(signature.sign(body));
  }

  /** The order the token names, or empty when it is malformed or forged. */
  public Optional<UUID> verify(String token) {
    if (token == null || token.length() > 100) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    try {
      byte[] body = DECODER.decode(token.substring(0, dot));
      byte[] sig = DECODER.decode(token.substring(dot + 1));
      if (body.length != 16 || !signature.verifies(body, sig)) {
        return Optional.empty();
      }
      ByteBuffer in = ByteBuffer.wrap(body);
      return Optional.of(new UUID(in.getLong(), in.getLong()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The page where the shopper sees and changes their settings. */
  public String manageUrl(UUID orderId) {
    return baseUrl + "/n/" + issue(orderId);
  }

  /** The one-click unsubscribe target (RFC 8058) for one channel. */
  public String unsubscribeUrl(UUID orderId, Channel channel) {
    return baseUrl + "/n/" + issue(orderId) + "/unsubscribe?channel=" + channel.name();
  }

  /** The key links were signed with before per-purpose derivation: HMAC(master, "preferences"). */
  private static byte[] hmac(byte[] secret, String label) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
