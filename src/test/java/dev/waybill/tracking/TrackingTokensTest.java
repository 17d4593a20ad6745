package dev.waybill.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrackingTokensTest {

  private static final String SECRET = "a-secret-of-enough-length";
  private final UUID store = UUID.randomUUID();
  private final Clock now = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void issuedTokenVerifiesToItsClaims() {
    TrackingTokens tokens = new TrackingTokens(SECRET, 3600, now);
    var claims = tokens.verify(tokens.issue(store, "Ä-1001/β", 3)).orElseThrow();
    assertEquals(store, claims.storeId());
    assertEquals("Ä-1001/β", claims.orderNumber());
    assertEquals(3, claims.tokenVersion());
  }

  @Test
  void tokenSignedWithAnotherSecretIsRejected() {
    String token = new TrackingTokens(SECRET, 3600, now).issue(store, "1001", 1);
    assertFalse(new TrackingTokens("another-secret-entirely", 3600, now).verify(token).isPresent());
  }

  @Test
  void expiredTokenIsRejected() {
    String token = new TrackingTokens(SECRET, 3600, now).issue(store, "1001", 1);
    Clock later = Clock.offset(now, Duration.ofHours(2));
    assertFalse(new TrackingTokens(SECRET, 3600, later).verify(token).isPresent());
    assertTrue(
        new TrackingTokens(SECRET, 3600, Clock.offset(now, Duration.ofMinutes(59)))
            .verify(token)
            .isPresent());
  }

  @Test
  void garbageIsRejectedWithoutErrors() {
    TrackingTokens tokens = new TrackingTokens(SECRET, 3600, now);
    for (String junk : new String[] {"", ".", "abc", "a.b", "%%%.%%%", "x".repeat(1000), null}) {
      assertFalse(tokens.verify(junk).isPresent(), String.valueOf(junk));
    }
  }

  @Test
  void shortSecretIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TrackingTokens("short", 3600, now));
  }
}
