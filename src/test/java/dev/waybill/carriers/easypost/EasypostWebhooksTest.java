package dev.waybill.carriers.easypost;

import static dev.waybill.carriers.easypost.EasypostTestSupport.easypostSignature;
import static dev.waybill.carriers.easypost.EasypostTestSupport.fixture;
import static dev.waybill.carriers.easypost.EasypostTestSupport.fixtureJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waybill.carriers.easypost.EasypostTestSupport.TestConfig;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.WebhookSource.PushedUpdate;
import dev.waybill.carriers.spi.WebhookSource.WebhookRejected;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class EasypostWebhooksTest {

  /** Not plain ASCII, so the NFKD step matters: "é" is one code point composed, two decomposed. */
  static final String SECRET = "w\u00e9bhook-s\u00e9cret";

  /** created_at and updated_at of the in-transit fixture's event. */
  static final Instant SENT = Instant.parse("2024-06-11T19:24:31Z");

  private static EasypostWebhooks source(TestConfig config) {
    return new EasypostWebhooks(config);
  }

  private static EasypostWebhooks source() {
    return source(TestConfig.withSecret(SECRET));
  }

  private static byte[] body(String fixture) {
    return fixture(fixture).getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> signed(byte[] body) {
    return Map.of("x-hmac-signature", easypostSignature(SECRET, body));
  }

  private static WebhookRejected rejected(
      EasypostWebhooks source, Map<String, String> headers, byte[] body, Instant now) {
    return assertThrows(WebhookRejected.class, () -> source.verify(headers, body, now));
  }

  @Test
  void acceptsAPushSignedAsEasyPostDocumentsAndAnswersItsEventId() {
    byte[] body = body("in-transit.json");

    String id = source().verify(signed(body), body, SENT.plusSeconds(3));

    assertEquals("evt_5c1e0f2a27f011efa3c7b1d2e4f60718", id);
  }

  @Test
  void signatureIsLowercaseHexOfTheHmacAfterItsPrefix() {
    // RFC 4231, test case 2: HMAC-SHA256 with key "Jefe".
    byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

    assertEquals(
        "hmac-sha256-hex=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        EasypostWebhooks.signature("Jefe", data));
  }

  @Test
  void keysTheHmacWithTheNfkdFormOfTheSecret() {
    byte[] body = body("in-transit.json");
    String composedKeySignature = nfcSignature(body);

    assertEquals("evt_5c1e0f2a27f011efa3c7b1d2e4f60718", source().verify(signed(body), body, SENT));
    WebhookRejected e =
        rejected(source(), Map.of("x-hmac-signature", composedKeySignature), body, SENT);
    assertEquals(401, e.status());
  }

  @Test
  void aSecretConfiguredInDecomposedFormVerifiesTheSame() {
    byte[] body = body("in-transit.json");
    String decomposed = "we\u0301bhook-se\u0301cret";

    String id = source(TestConfig.withSecret(decomposed)).verify(signed(body), body, SENT);

    assertEquals("evt_5c1e0f2a27f011efa3c7b1d2e4f60718", id);
  }

  @Test
  void rejectsAPushWithoutSignatureAs401() {
    byte[] body = body("in-transit.json");

    assertEquals(401, rejected(source(), Map.of(), body, SENT).status());
    assertEquals(401, rejected(source(), Map.of("x-hmac-signature", " "), body, SENT).status());
  }

  @Test
  void rejectsASignatureMadeWithAnotherSecretAs401() {
    byte[] body = body("in-transit.json");
    Map<String, String> headers =
        Map.of("x-hmac-signature", easypostSignature("another-secret", body));

    assertEquals(401, rejected(source(), headers, body, SENT).status());
  }

  @Test
  void rejectsABodyChangedAfterSigningAs401() {
    byte[] body = body("in-transit.json");
    byte[] changed =
        fixture("in-transit.json")
            .replace("\"status\": \"in_transit\"", "\"status\": \"delivered\"")
            .getBytes(StandardCharsets.UTF_8);

    assertEquals(401, rejected(source(), signed(body), changed, SENT).status());
  }

  @Test
  void rejectsTheDigestWithoutItsPrefixAs401() {
    byte[] body = body("in-transit.json");
    String bare = easypostSignature(SECRET, body).substring("hmac-sha256-hex=".length());

    assertEquals(401, rejected(source(), Map.of("x-hmac-signature", bare), body, SENT).status());
  }

  @Test
  void acceptsAPushExactlyAsOldAsTheTolerance() {
    byte[] body = body("in-transit.json");

    assertEquals(
        "evt_5c1e0f2a27f011efa3c7b1d2e4f60718",
        source().verify(signed(body), body, SENT.plus(Duration.ofMinutes(5))));
  }

  @Test
  void rejectsAPushOlderThanTheToleranceAs401() {
    byte[] body = body("in-transit.json");
    Instant now = SENT.plus(Duration.ofMinutes(5)).plusSeconds(1);

    WebhookRejected e = rejected(source(), signed(body), body, now);

    assertEquals(401, e.status());
    assertTrue(e.getMessage().contains("evt_5c1e0f2a27f011efa3c7b1d2e4f60718"), e.getMessage());
  }

  @Test
  void rejectsAPushDatedFurtherAheadThanTheToleranceAs401() {
    byte[] body = body("in-transit.json");

    assertEquals(
        401, rejected(source(), signed(body), body, SENT.minus(Duration.ofMinutes(6))).status());
  }

  @Test
  void measuresAgeFromTheLaterOfCreatedAtAndUpdatedAt() {
    ObjectNode event = fixtureJson("in-transit.json");
    event.put("updated_at", "2024-06-11T19:34:31.000Z");
    byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);

    String id = source().verify(signed(body), body, SENT.plus(Duration.ofMinutes(12)));

    assertEquals("evt_5c1e0f2a27f011efa3c7b1d2e4f60718", id);
  }

  @Test
  void followsAConfiguredTolerance() {
    byte[] body = body("in-transit.json");
    EasypostWebhooks lenient =
        source(TestConfig.withSecret(SECRET).withTolerance(Duration.ofHours(1)));

    assertEquals(
        "evt_5c1e0f2a27f011efa3c7b1d2e4f60718",
        lenient.verify(signed(body), body, SENT.plus(Duration.ofMinutes(30))));
  }

  @Test
  void rejectsASignedEventWithoutAnyTimestampAs401() {
    ObjectNode event = fixtureJson("in-transit.json");
    event.remove("created_at");
    event.remove("updated_at");
    byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);

    assertEquals(401, rejected(source(), signed(body), body, SENT).status());
  }

  @Test
  void rejectsSignedBytesThatAreNotJsonAs400() {
    byte[] body = "evt_123 tracker.updated".getBytes(StandardCharsets.UTF_8);

    assertEquals(400, rejected(source(), signed(body), body, SENT).status());
  }

  @Test
  void rejectsASignedEventWithoutIdAs400() {
    ObjectNode event = fixtureJson("in-transit.json");
    event.remove("id");
    byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);

    assertEquals(400, rejected(source(), signed(body), body, SENT).status());
  }

  @Test
  void refusesEveryPushWhileNoSecretIsConfigured() {
    byte[] body = body("in-transit.json");
    EasypostWebhooks off = source(TestConfig.withSecret(null));
    EasypostWebhooks blank = source(TestConfig.withSecret("  "));

    assertFalse(off.enabled());
    assertFalse(blank.enabled());
    assertTrue(source().enabled());
    assertEquals(401, rejected(off, signed(body), body, SENT).status());
    assertEquals(401, rejected(blank, signed(body), body, SENT).status());
  }

  @Test
  void isServedAtWebhooksEasypost() {
    assertEquals("easypost", source().name());
  }

  @Test
  void parsesAStoredPushIntoItsTrackerUpdate() {
    List<PushedUpdate> updates = source().parse(fixture("delivered.json"));

    assertEquals(1, updates.size());
    assertEquals("fedex", updates.get(0).carrierCode());
    assertEquals("122816215025810", updates.get(0).result().trackingNumber());
  }

  @Test
  void aStoredPushThatIsNotJsonIsMalformed() {
    CarrierException e = assertThrows(CarrierException.class, () -> source().parse("{not json"));

    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  /** The HMAC keyed with the composed (NFC) bytes of {@link #SECRET}: what skipping NFKD gives. */
  private static String nfcSignature(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "hmac-sha256-hex=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
