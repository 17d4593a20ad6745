package dev.waybill.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Callers without an API key share a bucket per client address. */
@QuarkusTest
@TestProfile(AnonymousRateLimitTest.SmallAddressLimit.class)
class AnonymousRateLimitTest {

  /**
   * Three requests a minute per address. One trusted proxy, so each test picks its client address
   * with X-Forwarded-For instead of sharing 127.0.0.1 with every other test.
   */
  public static class SmallAddressLimit implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "waybill.rate-limit.per-ip", "3",
          "waybill.rate-limit.window", "60s",
          "waybill.rate-limit.trusted-proxies", "1");
    }
  }

  /** An address in one of the documentation ranges, one range per use so none is shared. */
  private static String address(String range) {
    return range + ThreadLocalRandom.current().nextInt(1, 255);
  }

  private static RequestSpecification from(String address) {
    return given().header("X-Forwarded-For", address);
  }

  @Test
  void anAnonymousCallerOverItsAddressLimitGets429WithRetryAfterAndItsQuota() {
    String client = address("203.0.113.");
    for (int left = 2; left >= 0; left--) {
      from(client)
          .get("/api/v1/ping")
          .then()
          .statusCode(200)
          .header("RateLimit-Policy", equalTo("\"ip\";q=3;w=60"))
          .header("RateLimit", matchesPattern("\"ip\";r=" + left + ";t=\\d+"));
    }

    from(client)
        .get("/api/v1/ping")
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", matchesPattern("[1-9][0-9]*"))
        .header("RateLimit-Policy", equalTo("\"ip\";q=3;w=60"))
        .header("RateLimit", matchesPattern("\"ip\";r=0;t=[1-9][0-9]*"))
        .body("status", equalTo(429))
        .body("type", containsString("rate-limited"));
  }

  @Test
  void anotherAddressAndCarrierPushesFromTheSameAddressGoOn() {
    String client = address("192.0.2.");
    for (int i = 0; i < 3; i++) {
      from(client).get("/api/v1/ping").then().statusCode(200);
    }
    from(client).get("/api/v1/ping").then().statusCode(429);

    from(address("198.51.100."))
        .get("/api/v1/ping")
        .then()
        .statusCode(200)
        .header("RateLimit", containsString("\"ip\";r=2;"));
    // Pushes have their own, larger bucket: this one is refused for its signature, not its rate.
    from(client)
        .contentType("application/json")
        .body("{}")
        .post("/webhooks/waybill-sim")
        .then()
        .statusCode(401)
        .header("RateLimit-Policy", containsString("\"webhook-ip\""));
  }
}
