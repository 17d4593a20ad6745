package dev.waybill.connectors.woocommerce;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What WooCommerce sends unsigned: the ping when a webhook is saved. Signed deliveries are checked
 * by {@link dev.waybill.connectors.ConnectorWebhooks#signed}, WooCommerce signing as Shopify does
 * (base64 HMAC-SHA256 of the raw body, keyed with the webhook's secret).
 */
public final class WooSignature {

  /** The body of the unsigned ping WooCommerce sends when a webhook is saved. */
  private static final Pattern PING = Pattern.compile("webhook_id=[0-9]{1,19}");

  private WooSignature() {}

  /**
   * Whether a request is WooCommerce's creation ping: no signature, and a form body that only names
   * the webhook.
   */
  public static boolean ping(byte[] body, String signature) {
    return (signature == null || signature.isBlank())
        && body.length < 40
        && PING.matcher(new String(body, StandardCharsets.US_ASCII).strip()).matches();
  }
}
