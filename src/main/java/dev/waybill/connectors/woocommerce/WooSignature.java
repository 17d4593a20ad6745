package dev.waybill.connectors.woocommerce;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * WooCommerce's webhook signature: {@code X-WC-Webhook-Signature} is the Base64 HMAC-SHA256 of the
 * raw request body, keyed with the webhook's secret as typed in WooCommerce. Checked on the bytes
 * as received, before anything is parsed, in constant time.
 */
public final class WooSignature {

  /** The body of the unsigned ping WooCommerce sends when a webhook is saved. */
  private static final Pattern PING = Pattern.compile("webhook_id=[0-9]{1,19}");

  private WooSignature() {}

  /** The signature WooCommerce sends for this body and secret. */
  public static String sign(byte[] body, String secret) {
    return Base64.getEncoder().encodeToString(hmac(body, secret));
  }

  /** Whether {@code header} is the signature of {@code body} under {@code secret}. */
  public static boolean valid(byte[] body, String header, String secret) {
    if (header == null || secret == null || secret.isEmpty()) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(header.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(body, secret), given);
  }

  /**
   * Whether a request is WooCommerce's creation ping: no signature, and a form body that only names
   * the webhook.
   */
  public static boolean ping(byte[] body, String signature) {
    return (signature == null || signature.isBlank())
        && body.length < 40
        && PING.matcher(new String(body, StandardCharsets.US_ASCII).strip()).matches();
  }

  private static byte[] hmac(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
