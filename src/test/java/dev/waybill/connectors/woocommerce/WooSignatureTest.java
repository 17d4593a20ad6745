package dev.waybill.connectors.woocommerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.connectors.ConnectorWebhooks;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WooSignatureTest {

  private static final byte[] BODY = WooFixtures.bytes(WooFixtures.order());

  /** WooCommerce: base64_encode(hash_hmac('sha256', $payload, $secret, true)). */
  private static String documented(byte[] body, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(body));
  }

  @Test
  void theDocumentedSignatureIsAccepted() throws Exception {
    String header = documented(BODY, "wc-secret-1");
    assertEquals(header, ConnectorWebhooks.sign("wc-secret-1", BODY));
    assertTrue(ConnectorWebhooks.signed("wc-secret-1", BODY, header));
  }

  @Test
  void aTamperedBodyAWrongSecretOrGarbageIsRefused() throws Exception {
    String header = documented(BODY, "wc-secret-1");
    byte[] tampered = BODY.clone();
    tampered[10] ^= 1;
    assertFalse(ConnectorWebhooks.signed("wc-secret-1", tampered, header));
    assertFalse(ConnectorWebhooks.signed("wc-secret-2", BODY, header));
    assertFalse(ConnectorWebhooks.signed("wc-secret-1", BODY, "not base64!"));
  }

  @Test
  void onlyAnUnsignedFormBodyNamingTheWebhookIsThePing() {
    assertTrue(WooSignature.ping("webhook_id=12".getBytes(StandardCharsets.US_ASCII), null));
    assertFalse(WooSignature.ping("webhook_id=12".getBytes(StandardCharsets.US_ASCII), "abc="));
    assertFalse(WooSignature.ping("webhook_id=12&x=1".getBytes(StandardCharsets.US_ASCII), null));
    assertFalse(WooSignature.ping(BODY, null));
  }

  @Test
  void theSiteUrlAndTheWebhookSourceHeaderNormaliseAlike() {
    assertEquals(
        "https://shop.example.com", WooSites.normalise("https://Shop.Example.com/").orElseThrow());
    assertEquals(
        "https://shop.example.com",
        WooSites.normalise("https://shop.example.com:443").orElseThrow());
    assertEquals(
        "https://example.com/shop", WooSites.normalise("https://example.com/shop//").orElseThrow());
    assertEquals(
        "http://localhost:8089", WooSites.normalise("http://localhost:8089/").orElseThrow());
    assertTrue(WooSites.normalise("ftp://example.com").isEmpty());
    assertTrue(WooSites.normalise("https://user:pw@example.com").isEmpty());
    assertTrue(WooSites.normalise("shop.example.com").isEmpty());
    assertTrue(WooSites.local("http://localhost:8089"));
    assertFalse(WooSites.local("https://shop.example.com"));
  }
}
