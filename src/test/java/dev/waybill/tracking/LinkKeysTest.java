package dev.waybill.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.platform.security.KeyPurpose;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tracking links are signed with their own derived key, never the master or another purpose's. */
class LinkKeysTest {

  private static final String MASTER = "a-master-secret-of-at-least-32-characters";
  private final UUID store = UUID.randomUUID();
  private final Clock now = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  private TrackingTokens tokens(boolean acceptLegacy) {
    return new TrackingTokens(MASTER, acceptLegacy, 3600, now, metrics);
  }

  /** A tracking token as it would be if signed with this key. */
  private String signedWith(byte[] key) {
    return new TrackingTokens(MASTER, key, false, 3600, now, metrics).issue(store, "1001", 1);
  }

  @Test
  void aTokenMadeWithThePreferenceLinkKeyIsNoTrackingToken() {
    assertFalse(
        tokens(true).verify(signedWith(KeyPurpose.PREFERENCE_LINKS.key(MASTER))).isPresent());
    assertFalse(tokens(true).verify(signedWith(KeyPurpose.FORMS.key(MASTER))).isPresent());
    assertTrue(tokens(true).verify(signedWith(KeyPurpose.TRACKING_LINKS.key(MASTER))).isPresent());
  }

  @Test
  void trackingLinksAreSignedWithTheTrackingLinksKey() {
    String issued = tokens(false).issue(store, "1001", 1);
    assertEquals(signedWith(KeyPurpose.TRACKING_LINKS.key(MASTER)), issued);
    assertFalse(issued.equals(signedWith(MASTER.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void aLinkSignedWithTheMasterSecretVerifiesOnlyWhileLegacyLinksAreAccepted() {
    String legacy = signedWith(MASTER.getBytes(StandardCharsets.UTF_8));
    assertEquals("1001", tokens(true).verify(legacy).orElseThrow().orderNumber());
    assertEquals(1.0, metrics.counter("waybill.links.legacy", "kind", "tracking").count());
    assertFalse(tokens(false).verify(legacy).isPresent());
  }
}
