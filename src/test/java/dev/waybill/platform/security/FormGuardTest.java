package dev.waybill.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class FormGuardTest {

  private static final String SECRET = "a-secret-of-enough-length";
  private static final String HOST = "track.example.com";
  private final Clock now = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
  private final FormGuard guard = new FormGuard(SECRET, Duration.ofHours(2), true, now);

  @Test
  void formFromThisSiteIsAccepted() {
    FormGuard.Issued issued = guard.issue(null);
    assertTrue(guard.accepts(issued.cookieValue(), issued.field(), "https://" + HOST, HOST));
    assertTrue(guard.accepts(issued.cookieValue(), issued.field(), null, HOST));
    assertTrue(issued.cookie().isSecure());
    assertTrue(issued.cookie().isHttpOnly());
  }

  @Test
  void refererStandsInForAMissingOrigin() {
    FormGuard.Issued issued = guard.issue(null);
    String cookie = issued.cookieValue();
    String field = issued.field();
    assertTrue(guard.accepts(cookie, field, null, "https://" + HOST + "/track/shop", HOST));
    assertTrue(guard.accepts(cookie, field, null, null, HOST));
    assertFalse(guard.accepts(cookie, field, null, "https://evil.example/page", HOST));
    assertFalse(guard.accepts(cookie, field, null, "not a url", HOST));
    // The Origin, when sent, is what counts.
    assertTrue(guard.accepts(cookie, field, "https://" + HOST, "https://elsewhere.example/", HOST));
  }

  @Test
  void browsersCookieIsKeptSoTwoOpenTabsBothWork() {
    FormGuard.Issued first = guard.issue(null);
    FormGuard.Issued second = guard.issue(first.cookieValue());
    assertEquals(first.cookieValue(), second.cookieValue());
    assertTrue(guard.accepts(second.cookieValue(), first.field(), null, HOST));
  }

  @Test
  void fieldFromAnotherBrowserIsRefused() {
    FormGuard.Issued mine = guard.issue(null);
    FormGuard.Issued theirs = guard.issue(null);
    assertNotEquals(mine.cookieValue(), theirs.cookieValue());
    assertFalse(guard.accepts(mine.cookieValue(), theirs.field(), null, HOST));
    assertFalse(guard.accepts(null, mine.field(), null, HOST));
    assertFalse(guard.accepts(mine.cookieValue(), null, null, HOST));
    assertFalse(guard.accepts(mine.cookieValue(), "garbage", null, HOST));
  }

  @Test
  void postFromAnotherOriginIsRefused() {
    FormGuard.Issued issued = guard.issue(null);
    assertFalse(guard.accepts(issued.cookieValue(), issued.field(), "https://evil.example", HOST));
  }

  @Test
  void expiredFormIsRefused() {
    FormGuard.Issued issued = guard.issue(null);
    FormGuard later =
        new FormGuard(SECRET, Duration.ofHours(2), true, Clock.offset(now, Duration.ofHours(3)));
    assertFalse(later.accepts(issued.cookieValue(), issued.field(), null, HOST));
  }

  @Test
  void tamperedExpiryIsRefused() {
    FormGuard.Issued issued = guard.issue(null);
    String field = issued.field();
    String pushedOut =
        (Long.parseLong(field.substring(0, field.indexOf('.'))) + 86_400)
            + field.substring(field.indexOf('.'));
    assertFalse(guard.accepts(issued.cookieValue(), pushedOut, null, HOST));
  }

  @Test
  void honeypotCatchesFilledField() {
    assertTrue(FormGuard.trapped("http://spam.example"));
    assertFalse(FormGuard.trapped(""));
    assertFalse(FormGuard.trapped(null));
  }

  @Test
  void aFieldSignedWithTheFormsKeyIsAcceptedAndOneSignedWithAnotherKeyIsNot() throws Exception {
    String cookie = guard.issue(null).cookieValue();
    long expires = now.millis() / 1000 + 3600;
    assertTrue(
        guard.accepts(
            cookie, fieldSignedWith(KeyPurpose.FORMS.key(SECRET), cookie, expires), null, HOST));
    // The key forms had before per-purpose derivation, another purpose's key, and the master.
    byte[] older = hmac(SECRET.getBytes(StandardCharsets.UTF_8), "waybill-forms-v1");
    for (byte[] key :
        new byte[][] {
          older, KeyPurpose.TRACKING_LINKS.key(SECRET), SECRET.getBytes(StandardCharsets.UTF_8)
        }) {
      assertFalse(guard.accepts(cookie, fieldSignedWith(key, cookie, expires), null, HOST));
    }
  }

  private static String fieldSignedWith(byte[] key, String cookie, long expires) throws Exception {
    return expires
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, cookie + "|" + expires));
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }
}
