package dev.waybill.carriers.sim;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The simulated carrier, when on, limits each client address like the API does. */
@QuarkusTest
@TestProfile(SimRateLimitTest.SmallLimit.class)
class SimRateLimitTest {

  /**
   * Three calls a minute per address. One trusted proxy, so each test picks its client address with
   * X-Forwarded-For.
   */
  public static class SmallLimit implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "waybill.carriers.sim.per-client", "3",
          "waybill.carriers.sim.client-window", "60s",
          "quarkus.http.proxy.proxy-address-forwarding", "true",
          "quarkus.http.proxy.allow-x-forwarded", "true",
          "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
    }
  }

  private static Response track(String client) {
    return given()
        .header("X-Forwarded-For", client)
        .contentType("application/json")
        .body("{\"trackingNumbers\":[\"SIM-ONTIME-T1764000000-1\"]}")
        .post("/sim/v1/track");
  }

  @Test
  void aClientOverItsLimitGets429ProblemWithRetryAfter() {
    String client = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
    for (int i = 0; i < 3; i++) {
      track(client).then().statusCode(200);
    }
    track(client)
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", matchesPattern("[1-9][0-9]*"))
        .header("RateLimit-Policy", equalTo("\"sim-client\";q=3;w=60"))
        .body("status", equalTo(429))
        .body("type", containsString("rate-limited"));

    // Another address is not held back.
    track("198.51.100." + ThreadLocalRandom.current().nextInt(1, 255)).then().statusCode(200);
  }
}
