package dev.waybill.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.waybill.platform.security.KeyPurpose;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Notification-settings links verify with their own derived key only. */
class PreferenceLinksTest {

  private static final String MASTER = "a-master-secret-of-at-least-32-characters";
  private static final String BASE = "https://track.example.com";
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final UUID order = UUID.randomUUID();

  private PreferenceLinks links(boolean acceptLegacy) {
    return new PreferenceLinks(MASTER, acceptLegacy, BASE, metrics);
  }

  private String signedWith(byte[] key) {
    return new PreferenceLinks(MASTER, key, false, BASE, metrics).issue(order);
  }

  @Test
  void issuedLinkVerifiesToItsOrder() {
    assertEquals(order, links(false).verify(links(false).issue(order)).orElseThrow());
    assertEquals(
        order,
        links(false).verify(signedWith(KeyPurpose.PREFERENCE_LINKS.key(MASTER))).orElseThrow());
  }

  @Test
  void aLinkMadeWithAnotherPurposesKeyOrTheMasterIsRefused() {
    assertFalse(links(true).verify(signedWith(KeyPurpose.TRACKING_LINKS.key(MASTER))).isPresent());
    assertFalse(links(true).verify(signedWith(KeyPurpose.FORMS.key(MASTER))).isPresent());
    assertFalse(
        links(true).verify(signedWith(MASTER.getBytes(StandardCharsets.UTF_8))).isPresent());
  }

  @Test
  void aLinkFromBeforeDerivedKeysVerifiesOnlyWhileLegacyLinksAreAccepted() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(MASTER.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String legacy = signedWith(mac.doFinal("preferences".getBytes(StandardCharsets.UTF_8)));
    assertEquals(order, links(true).verify(legacy).orElseThrow());
    assertEquals(1.0, metrics.counter("waybill.links.legacy", "kind", "preferences").count());
    assertFalse(links(false).verify(legacy).isPresent());
  }
}
