package dev.waybill.platform.security;

import io.micrometer.core.instrument.Counter;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The truncated HMAC-SHA256 that signed links carry (tracking and notification-settings links).
 *
 * <p>Links are signed with their purpose's derived key. While links signed the older way are still
 * accepted, a second key verifies them too, and each link that only it verifies is counted, so an
 * operator can see when turning legacy links off would break none in use.
 */
public final class LinkSignature {

  /** Bytes of the MAC a link carries: 128 bits, enough against forgery and short in a URL. */
  public static final int MAC_BYTES = 16;

  private final SecretKeySpec key;
  private final SecretKeySpec legacyKey;
  private final Counter legacyVerified;

  /**
   * Initialized MACs per thread: a provider lookup and key setup cost more than the MAC itself, and
   * every tracking page and lookup by token verifies one.
   */
  private final ThreadLocal<Mac> macs;

  private final ThreadLocal<Mac> legacyMacs;

  /** Signs with {@code key}; {@code legacyKey} (or null) also verifies, counted in the counter. */
  public LinkSignature(byte[] key, byte[] legacyKey, Counter legacyVerified) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.legacyKey = legacyKey == null ? null : new SecretKeySpec(legacyKey, "HmacSHA256");
    this.legacyVerified = legacyVerified;
    this.macs = ThreadLocal.withInitial(() -> init(this.key));
    this.legacyMacs =
        this.legacyKey == null ? null : ThreadLocal.withInitial(() -> init(this.legacyKey));
  }

  public byte[] sign(byte[] body) {
    return mac(macs, body);
  }

  /** Whether {@code signature} is the body's MAC, compared in constant time. */
  public boolean verifies(byte[] body, byte[] signature) {
    if (MessageDigest.isEqual(signature, mac(macs, body))) {
      return true;
    }
    if (legacyKey != null && MessageDigest.isEqual(signature, mac(legacyMacs, body))) {
      legacyVerified.increment();
      return true;
    }
    return false;
  }

  /** doFinal resets the MAC, so the thread's next use starts clean. */
  private static byte[] mac(ThreadLocal<Mac> macs, byte[] body) {
    return Arrays.copyOf(macs.get().doFinal(body), MAC_BYTES);
  }

  private static Mac init(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
