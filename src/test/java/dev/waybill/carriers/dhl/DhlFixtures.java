package dev.waybill.carriers.dhl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Recorded answers of DHL's Unified API and a hand-built configuration for the DHL tests. */
final class DhlFixtures {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A DHL Express waybill (mod 7 check digit 5). */
  static final String DELIVERED = "3318810025";

  /** A DHL Paket SSCC. */
  static final String IN_TRANSIT = "00340434161094042557";

  /** A DHL eCommerce number. */
  static final String EXCEPTION = "GM2951173225174494";

  /** A DHL Paket 12-digit number DHL doesn't know (yet). */
  static final String NOT_FOUND = "340434161090";

  /** The configuration as Quarkus would build it, with a key. */
  record Config(
      String baseUrl,
      Optional<String> apiKey,
      Duration timeout,
      String defaultService,
      String language,
      Optional<String> originCountryCode,
      int dailyCallBudget,
      double requestsPerSecond,
      int maxConcurrency)
      implements DhlConfig {

    static Config forServer(String baseUrl) {
      return new Config(
          baseUrl,
          Optional.of("dhl-test-key"),
          // Generous: the tests share a loaded machine, and a timeout would read as UNAVAILABLE.
          Duration.ofSeconds(15),
          "express",
          "en",
          Optional.of("DE"),
          250,
          0.2,
          1);
    }

    Config withoutKey() {
      return new Config(
          baseUrl,
          Optional.of(" "),
          timeout,
          defaultService,
          language,
          originCountryCode,
          dailyCallBudget,
          requestsPerSecond,
          maxConcurrency);
    }
  }

  private DhlFixtures() {}

  static String text(String name) {
    try (InputStream in = DhlFixtures.class.getResourceAsStream("/carriers/dhl/" + name)) {
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
}
