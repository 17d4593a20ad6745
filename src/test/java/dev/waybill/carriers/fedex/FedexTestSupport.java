package dev.waybill.carriers.fedex;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Fixtures, WireMock stubs and a hand-made config for the FedEx tests. */
public final class FedexTestSupport {

  private static final ObjectMapper JSON = new ObjectMapper();

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

  public static String fixture(String name) {
    try (InputStream in = FedexTestSupport.class.getResourceAsStream("/carriers/fedex/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void stubToken(WireMockServer fedex) {
    fedex.stubFor(
        post(urlEqualTo(FedexClient.TOKEN_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("token.json"))));
  }

  public static void stubTrack(WireMockServer fedex, int status, String body) {
    fedex.stubFor(
        post(urlEqualTo(FedexClient.TRACK_PATH))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  /** FedEx answering every tracking call correctly, but only after {@code delay}. */
  public static void stubSlowTrack(WireMockServer fedex, String body, Duration delay) {
    fedex.stubFor(
        post(urlEqualTo(FedexClient.TRACK_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)
                    .withFixedDelay((int) delay.toMillis())));
  }

  /** Tracking calls FedEx received. */
  public static int trackCalls(WireMockServer fedex) {
    return fedex
        .countRequestsMatching(postRequestedFor(urlEqualTo(FedexClient.TRACK_PATH)).build())
        .getCount();
  }

  /**
   * The recorded delivered answer once for each number, so one stub answers every batch of them.
   */
  public static String deliveredAnswer(List<String> numbers) {
    try {
      ObjectNode answer = (ObjectNode) JSON.readTree(fixture("delivered.json"));
      ArrayNode results = (ArrayNode) answer.path("output").path("completeTrackResults");
      JsonNode recorded = results.remove(0);
      String recordedNumber = recorded.path("trackingNumber").asText();
      for (String number : numbers) {
        results.add(JSON.readTree(recorded.toString().replace(recordedNumber, number)));
      }
      return answer.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
