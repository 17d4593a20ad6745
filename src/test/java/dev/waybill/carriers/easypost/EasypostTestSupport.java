package dev.waybill.carriers.easypost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Fixtures, a hand-made config and EasyPost's signing recipe for the EasyPost tests. */
final class EasypostTestSupport {

  static final ObjectMapper JSON = new ObjectMapper();

  private EasypostTestSupport() {}

  /** The config as an operator would set it. */
  record TestConfig(Optional<String> secret, Duration tolerance) implements EasypostConfig {

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
    public Duration apiTimeout() {
      return Duration.ofSeconds(1);
    }
  }

  static String fixture(String name) {
    try (InputStream in =
        EasypostTestSupport.class.getResourceAsStream("/carriers/easypost/" + name)) {
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
   * The signature as EasyPost's guide and client libraries describe it, written out here rather
   * than borrowed from the code under test: HMAC-SHA256 of the raw body, keyed by the secret
   * NFKD-normalized and encoded as UTF-8, as lowercase hex after {@code hmac-sha256-hex=}.
   */
  static String easypostSignature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      byte[] key =
          Normalizer.normalize(secret, Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8);
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      StringBuilder hex = new StringBuilder("hmac-sha256-hex=");
      for (byte b : mac.doFinal(body)) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
