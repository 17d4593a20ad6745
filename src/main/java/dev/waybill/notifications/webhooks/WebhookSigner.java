package dev.waybill.notifications.webhooks;

import dev.waybill.platform.security.Randomness;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} with the
 * base64 part of a {@code whsec_} secret as the key. Several secrets give several signatures,
 * space-separated, so receivers can switch secrets without missing a delivery.
 */
public final class WebhookSigner {

  public static final String PREFIX = "whsec_";

  private WebhookSigner() {}

  /** A new random secret, {@code whsec_} and 32 bytes in base64. */
  public static String newSecret() {
    byte[] key = new byte[32];
    Randomness.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The {@code webhook-signature} header value for these secrets. */
  public static String signature(List<String> secrets, String id, long timestamp, String body) {
    StringBuilder out = new StringBuilder();
    for (String secret : secrets) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append("v1,").append(sign(secret, id, timestamp, body));
    }
    return out.toString();
  }

  static String sign(String secret, String id, long timestamp, String body) {
    String raw = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(raw), "HmacSHA256"));
      byte[] sig =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
