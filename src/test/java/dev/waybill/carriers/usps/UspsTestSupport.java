package dev.waybill.carriers.usps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Fixtures and a hand-made configuration for the USPS tests. */
final class UspsTestSupport {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The configuration as Quarkus would build it, without Quarkus. */
  record TestConfig(
      String baseUrl,
      Optional<String> clientId,
      Optional<String> clientSecret,
      String scope,
      Duration timeout,
      int requestsPerHour)
      implements UspsConfig {

    static TestConfig forServer(String baseUrl) {
      return new TestConfig(
          baseUrl,
          Optional.of("client-id"),
          Optional.of("client-secret"),
          "tracking",
          Duration.ofSeconds(2),
          60);
    }

    TestConfig withTimeout(Duration timeout) {
      return new TestConfig(baseUrl, clientId, clientSecret, scope, timeout, requestsPerHour);
    }

    TestConfig withCredentials(Optional<String> id, Optional<String> secret) {
      return new TestConfig(baseUrl, id, secret, scope, timeout, requestsPerHour);
    }
  }

  static String fixture(String name) {
    try (InputStream in = UspsTestSupport.class.getResourceAsStream("/carriers/usps/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("No fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode fixtureJson(String name) {
    return json(fixture(name));
  }

  private UspsTestSupport() {}
}
