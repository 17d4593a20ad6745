package dev.waybill.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Callers without an API key share a bucket per client address. */
@QuarkusTest
@TestProfile(AnonymousRateLimitTest.SmallAddressLimit.class)
class AnonymousRateLimitTest {

  /**
   * Three requests a minute per address. The tests' client, 127.0.0.1, is a trusted proxy, so each
   * test picks its client address with X-Forwarded-For instead of sharing 127.0.0.1 with every
   * other test.
   */
  public static class SmallAddressLimit implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "waybill.rate-limit.per-ip", "3",
          "waybill.rate-limit.window", "60s",
          "quarkus.http.proxy.proxy-address-forwarding", "true",
          "quarkus.http.proxy.allow-x-forwarded", "true",
          "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
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

  @Test
  void guessedKeysArePaidForByTheAddressBeforeTheDatabaseIsAsked() {
    String guesser = address("100.64.0.");
    // Any keyed request first, so the counter exists before it is read.
    from(address("198.18.0.")).auth().oauth2("wb_sec_warmup").get("/api/v1/orders");
    double before = keyLookups();
    for (int i = 0; i < 3; i++) {
      from(guesser)
          .auth()
          .oauth2("wb_sec_guess" + i + "_" + UUID.randomUUID())
          .get("/api/v1/orders")
          .then()
          .statusCode(401);
    }
    assertEquals(before + 3, keyLookups(), "each new guess was looked up once");

    for (int i = 0; i < 5; i++) {
      from(guesser)
          .auth()
          .oauth2("wb_sec_more" + i + "_" + UUID.randomUUID())
          .get("/api/v1/orders")
          .then()
          .statusCode(429)
          .header("RateLimit-Policy", equalTo("\"ip\";q=3;w=60"));
    }
    assertEquals(before + 3, keyLookups(), "refused guesses never reached the database");
  }

  private static double keyLookups() {
    String metrics = dev.waybill.testing.Management.given().get("/q/metrics").asString();
    Matcher m =
        Pattern.compile("(?m)^waybill_auth_key_lookups_total(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @Test
  void aStoresKeyMayLowerItsAddressLimitButOnlyThePlatformAdminMayRaiseIt() {
    TestStore store = TestStores.create();
    // The platform default here: 3 per address every 60 s.
    store
        .storeAdmin()
        .body(Map.of("rateLimits", Map.of("perIp", 4)))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("rateLimits.perIp"));
    store
        .storeAdmin()
        .body(Map.of("rateLimits", Map.of("perIp", 2)))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200);

    TestStores.platformAdmin()
        .body(Map.of("rateLimits", Map.of("perIp", 4)))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200)
        .body("rateLimits.perIp", equalTo(4));
  }
}
