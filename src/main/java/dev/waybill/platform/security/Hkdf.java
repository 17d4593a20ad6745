package dev.waybill.platform.security;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF (RFC 5869) with HMAC-SHA256: extract a pseudorandom key, then expand it per purpose. */
public final class Hkdf {

  private static final String HMAC = "HmacSHA256";
  private static final int HASH_LENGTH = 32;

  private Hkdf() {}

  /** Extract and expand: {@code length} bytes of key for {@code info} from {@code ikm}. */
  public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    return expand(extract(salt, ikm), info, length);
  }

  /** PRK = HMAC-Hash(salt, IKM); no salt (null or empty) stands for HashLen zero bytes. */
  public static byte[] extract(byte[] salt, byte[] ikm) {
    byte[] key = salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt;
    return hmac(key).doFinal(ikm);
  }

  /**
   * OKM = the first {@code length} bytes of T(1) | T(2) | ..., T(i) = HMAC(PRK, T(i-1) | info | i).
   */
  public static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 1 || length > 255 * HASH_LENGTH) {
      throw new IllegalArgumentException("HKDF output length must be 1 to " + 255 * HASH_LENGTH);
    }
    Mac mac = hmac(prk);
    ByteArrayOutputStream okm = new ByteArrayOutputStream(length + HASH_LENGTH);
    byte[] previous = new byte[0];
    for (int i = 1; okm.size() < length; i++) {
      mac.update(previous);
      mac.update(info == null ? new byte[0] : info);
      mac.update((byte) i);
      previous = mac.doFinal();
      okm.writeBytes(previous);
    }
    byte[] out = new byte[length];
    System.arraycopy(okm.toByteArray(), 0, out, 0, length);
    return out;
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
