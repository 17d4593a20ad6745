package dev.waybill.carriers.ups;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Fixtures and a hand-built configuration for the UPS tests. */
final class UpsFixtures {

  static final ObjectMapper JSON = new ObjectMapper();

  static final String DELIVERED = "1Z999AA10123456784";
  static final String IN_TRANSIT = "1Z12345E0205271688";
  static final String EXCEPTION = "1Z12345E6605272234";
  static final String NOT_FOUND = "1Z5629230309413682";

  /** The configuration as Quarkus would build it, with credentials. */
  record Config(
      String baseUrl,
      Optional<String> clientId,
      Optional<String> clientSecret,
      Optional<String> merchantId,
      Duration timeout,
      String transactionSource,
      String locale,
      double requestsPerSecond,
      int maxConcurrency)
      implements UpsConfig {

    static Config forServer(String baseUrl) {
      return new Config(
          baseUrl,
          Optional.of("client-id"),
          Optional.of("client-secret"),
          Optional.of("A1B2C3"),
          Duration.ofSeconds(2),
          "waybill-test",
          "en_US",
          5,
          4);
    }

    Config withTimeout(Duration timeout) {
      return new Config(
          baseUrl,
          clientId,
          clientSecret,
          merchantId,
          timeout,
          transactionSource,
          locale,
          requestsPerSecond,
          maxConcurrency);
    }

    Config withoutCredentials() {
      return new Config(
          baseUrl,
          Optional.empty(),
          Optional.of(" "),
          merchantId,
          timeout,
          transactionSource,
          locale,
          requestsPerSecond,
          maxConcurrency);
    }
  }

  private UpsFixtures() {}

  static String text(String name) {
    try (InputStream in = UpsFixtures.class.getResourceAsStream("/carriers/ups/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String name) {
    try {
      return JSON.readTree(text(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A token answer shaped as UPS documents it, carrying the given access token. */
  static String token(String accessToken) {
    return text("token.json").replace("eyJraWQiOiJ0ZXN0LXRva2VuLTEifQ.first", accessToken);
  }
}
