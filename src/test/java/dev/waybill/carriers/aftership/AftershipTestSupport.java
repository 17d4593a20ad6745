package dev.waybill.carriers.aftership;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Fixtures, a hand-made config and AfterShip's signing recipe for the AfterShip tests. */
final class AftershipTestSupport {

  static final ObjectMapper JSON = new ObjectMapper();

  private AftershipTestSupport() {}

  /** The config as an operator would set it. */
  record TestConfig(Optional<String> secret, Duration tolerance) implements AftershipConfig {

    static TestConfig withSecret(String secret) {
      return new TestConfig(Optional.ofNullable(secret), Duration.ofMinutes(5));
    }

    TestConfig withTolerance(Duration tolerance) {
      return new TestConfig(secret, tolerance);
    }

    @Override
    public String apiBaseUrl() {
      return "http://127.0.0.1:1";
    }

    @Override
    public String apiVersion() {
      return "2025-01";
    }

    @Override
    public Duration apiTimeout() {
      return Duration.ofSeconds(1);
    }
  }

  static String fixture(String name) {
    try (InputStream in =
        AftershipTestSupport.class.getResourceAsStream("/carriers/aftership/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode fixtureJson(String name) {
    try {
      return (ObjectNode) JSON.readTree(fixture(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The signature as AfterShip's "Webhook Signature" page describes it, written out here rather
   * than borrowed from the code under test: the Base64 HMAC-SHA256 of the raw body, keyed by the
   * webhook secret.
   */
  static String aftershipSignature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
