package dev.waybill.carriers.aftership;

import static dev.waybill.carriers.aftership.AftershipTestSupport.aftershipSignature;
import static dev.waybill.carriers.aftership.AftershipTestSupport.fixture;
import static dev.waybill.carriers.aftership.AftershipTestSupport.fixtureJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waybill.carriers.aftership.AftershipTestSupport.TestConfig;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.WebhookSource.PushedUpdate;
import dev.waybill.carriers.spi.WebhookSource.WebhookRejected;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AftershipWebhooksTest {

  static final String SECRET = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

  /** ts of the in-transit fixture. */
  static final Instant SENT = Instant.ofEpochSecond(1718149211);

  private static AftershipWebhooks source(TestConfig config) {
    return new AftershipWebhooks(config);
  }

  private static AftershipWebhooks source() {
    return source(TestConfig.withSecret(SECRET));
  }

  private static byte[] body(String fixture) {
    return fixture(fixture).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ObjectNode json) {
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> signed(byte[] body) {
    return Map.of("aftership-hmac-sha256", aftershipSignature(SECRET, body));
  }

  private static WebhookRejected rejected(
      AftershipWebhooks source, Map<String, String> headers, byte[] body, Instant now) {
    return assertThrows(WebhookRejected.class, () -> source.verify(headers, body, now));
  }

  @Test
  void acceptsAPushSignedAsAfterShipDocumentsAndAnswersItsEventId() {
    byte[] body = body("in-transit.json");

    String id = source().verify(signed(body), body, SENT.plusSeconds(2));

    assertEquals("2b6f1c8e-4d3a-4f5e-9a7b-0c1d2e3f4a5b", id);
  }

  @Test
  void signatureIsTheBase64OfTheHmac() {
    // RFC 4231, test case 2: HMAC-SHA256 with key "Jefe".
    byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

    assertEquals(
        "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=", AftershipWebhooks.signature("Jefe", data));
  }

  @Test
  void rejectsAPushWithoutSignatureAs401() {
    byte[] body = body("in-transit.json");

    assertEquals(401, rejected(source(), Map.of(), body, SENT).status());
    assertEquals(401, rejected(source(), Map.of("aftership-hmac-sha256", ""), body, SENT).status());
  }

  @Test
  void rejectsASignatureMadeWithAnotherSecretAs401() {
    byte[] body = body("in-transit.json");
    Map<String, String> headers =
        Map.of("aftership-hmac-sha256", aftershipSignature("another-secret", body));

    assertEquals(401, rejected(source(), headers, body, SENT).status());
  }

  @Test
  void rejectsABodyChangedAfterSigningAs401() {
    byte[] body = body("in-transit.json");
    byte[] changed =
        fixture("in-transit.json")
            .replace("\"tag\": \"InTransit\",", "\"tag\": \"Delivered\",")
            .getBytes(StandardCharsets.UTF_8);

    assertEquals(401, rejected(source(), signed(body), changed, SENT).status());
  }

  @Test
  void rejectsTheDigestInHexInsteadOfBase64As401() throws Exception {
    byte[] body = body("in-transit.json");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String hex = HexFormat.of().formatHex(mac.doFinal(body));

    assertEquals(
        401, rejected(source(), Map.of("aftership-hmac-sha256", hex), body, SENT).status());
  }

  @Test
  void acceptsAPushExactlyAsOldAsTheTolerance() {
    byte[] body = body("in-transit.json");

    assertEquals(
        "2b6f1c8e-4d3a-4f5e-9a7b-0c1d2e3f4a5b",
        source().verify(signed(body), body, SENT.plus(Duration.ofMinutes(5))));
  }

  @Test
  void rejectsAPushOlderThanTheToleranceAs401() {
    byte[] body = body("in-transit.json");
    Instant now = SENT.plus(Duration.ofMinutes(5)).plusSeconds(1);

    assertEquals(401, rejected(source(), signed(body), body, now).status());
  }

  @Test
  void rejectsAPushDatedFurtherAheadThanTheToleranceAs401() {
    byte[] body = body("in-transit.json");

    assertEquals(
        401, rejected(source(), signed(body), body, SENT.minus(Duration.ofMinutes(6))).status());
  }

  @Test
  void followsAConfiguredTolerance() {
    byte[] body = body("in-transit.json");
    AftershipWebhooks lenient =
        source(TestConfig.withSecret(SECRET).withTolerance(Duration.ofDays(7)));

    assertEquals(
        "2b6f1c8e-4d3a-4f5e-9a7b-0c1d2e3f4a5b",
        lenient.verify(signed(body), body, SENT.plus(Duration.ofDays(5))));
  }

  @Test
  void rejectsASignedPushWithoutTsAs401() {
    ObjectNode webhook = fixtureJson("in-transit.json");
    webhook.remove("ts");
    byte[] body = bytes(webhook);

    assertEquals(401, rejected(source(), signed(body), body, SENT).status());
  }

  @Test
  void readsTsWrittenAsAStringOfDigits() {
    ObjectNode webhook = fixtureJson("in-transit.json");
    webhook.put("ts", "1718149211");
    byte[] body = bytes(webhook);

    assertEquals("2b6f1c8e-4d3a-4f5e-9a7b-0c1d2e3f4a5b", source().verify(signed(body), body, SENT));
  }

  @Test
  void withoutEventIdThePushIsIdentifiedByAHashOfItsBody() throws Exception {
    ObjectNode webhook = fixtureJson("in-transit.json");
    webhook.remove("event_id");
    byte[] body = bytes(webhook);
    webhook.put("is_tracking_first_tag", true);
    byte[] other = bytes(webhook);

    String id = source().verify(signed(body), body, SENT);

    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    assertEquals("sha256:" + sha256, id);
    assertEquals(id, source().verify(signed(body), body, SENT));
    assertNotEquals(id, source().verify(signed(other), other, SENT));
  }

  @Test
  void rejectsSignedBytesThatAreNotJsonAs400() {
    byte[] body = "tracking_update".getBytes(StandardCharsets.UTF_8);

    assertEquals(400, rejected(source(), signed(body), body, SENT).status());
  }

  @Test
  void refusesEveryPushWhileNoSecretIsConfigured() {
    byte[] body = body("in-transit.json");
    AftershipWebhooks off = source(TestConfig.withSecret(null));
    AftershipWebhooks blank = source(TestConfig.withSecret(""));

    assertFalse(off.enabled());
    assertFalse(blank.enabled());
    assertTrue(source().enabled());
    assertEquals(401, rejected(off, signed(body), body, SENT).status());
    assertEquals(401, rejected(blank, signed(body), body, SENT).status());
  }

  @Test
  void isServedAtWebhooksAftership() {
    assertEquals("aftership", source().name());
  }

  @Test
  void parsesAStoredPushIntoItsTrackingUpdate() {
    List<PushedUpdate> updates = source().parse(fixture("in-transit.json"));

    assertEquals(1, updates.size());
    assertEquals("usps", updates.get(0).carrierCode());
    assertEquals("9400111899223456789012", updates.get(0).result().trackingNumber());
  }

  @Test
  void aStoredPushThatIsNotJsonIsMalformed() {
    CarrierException e = assertThrows(CarrierException.class, () -> source().parse("{\"event\""));

    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }
}
