package dev.waybill.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Key material helpers. API keys are 190 random bits, so a plain SHA-256 is enough to store them: a
 * slow password hash would only cost CPU on every request.
 */
public final class KeyHashing {

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  /**
   * One digest per thread: looking a provider up for every request costs more than the hash. Only
   * ever used to completion by {@link #sha256(byte[])}, so no state carries over.
   */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  private KeyHashing() {}

  public static String sha256Hex(String value) {
    return HexFormat.of().formatHex(sha256(value.getBytes(StandardCharsets.UTF_8)));
  }

  public static byte[] sha256(byte[] value) {
    return SHA256.get().digest(value);
  }

  /** A random string of the given length from [A-Za-z0-9]. */
  public static String randomToken(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[Randomness.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }

  public static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
