package dev.waybill.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a simulated-carrier push as the carrier does (Standard Webhooks: {@code v1,} and the
 * base64 HMAC-SHA256 of {@code id.timestamp.body}, keyed with the UTF-8 bytes of the secret). Plain
 * JDK, so the server's tests can compile it and check it against the server's verifier.
 */
public final class SimPushSigner {

  private final byte[] key;

  public SimPushSigner(String secret) {
    this.key = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The {@code webhook-signature} header for this push; the body is sent as UTF-8. */
  public String signature(String id, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
