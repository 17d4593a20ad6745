package dev.waybill.carriers.fedex;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Fixtures, WireMock stubs and a hand-made config for the FedEx tests. */
final class FedexTestSupport {

  static final String TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.test-token";

  private FedexTestSupport() {}

  /** The config as an operator would set it, pointed at WireMock. */
  record TestConfig(
      String baseUrl,
      Optional<String> clientId,
      Optional<String> clientSecret,
      Duration timeout,
      String locale,
      double requestsPerSecond,
      int maxConcurrency)
      implements FedexConfig {

    static TestConfig of(String baseUrl) {
      return new TestConfig(
          baseUrl,
          Optional.of("l7xx-test-client"),
          Optional.of("test-secret"),
          Duration.ofSeconds(2),
          "en_US",
          1,
          2);
    }

    TestConfig withTimeout(Duration timeout) {
      return new TestConfig(
          baseUrl, clientId, clientSecret, timeout, locale, requestsPerSecond, maxConcurrency);
    }

    TestConfig withCredentials(Optional<String> id, Optional<String> secret) {
      return new TestConfig(
          baseUrl, id, secret, timeout, locale, requestsPerSecond, maxConcurrency);
    }
  }

  static String fixture(String name) {
    try (InputStream in = FedexTestSupport.class.getResourceAsStream("/carriers/fedex/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void stubToken(WireMockServer fedex) {
    fedex.stubFor(
        post(urlEqualTo(FedexClient.TOKEN_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("token.json"))));
  }

  static void stubTrack(WireMockServer fedex, int status, String body) {
    fedex.stubFor(
        post(urlEqualTo(FedexClient.TRACK_PATH))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }
}
