package dev.waybill.carriers.spi;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC helpers for webhook sources; comparisons are constant-time. */
public final class WebhookSignatures {

  private WebhookSignatures() {}

  public static byte[] hmacSha256(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] hmacSha256(String key, byte[] data) {
    return hmacSha256(key.getBytes(StandardCharsets.UTF_8), data);
  }

  public static boolean equal(byte[] expected, byte[] actual) {
    return actual != null && MessageDigest.isEqual(expected, actual);
  }

  public static boolean equal(String expected, String actual) {
    return actual != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }
}
