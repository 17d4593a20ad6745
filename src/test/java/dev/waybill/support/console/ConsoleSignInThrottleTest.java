package dev.waybill.support.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.platform.security.FormGuard;
import dev.waybill.testing.ConsoleSignIn;
import dev.waybill.testing.ConsoleSignIn.Form;
import dev.waybill.testing.MutableClock;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Failed console sign-ins slow down further attempts, per address and per account. */
@QuarkusTest
@TestProfile(ConsoleSignInThrottleTest.FewFreeFailures.class)
class ConsoleSignInThrottleTest {

  private static final String PASSWORD = "correct horse battery";

  /**
   * Three free failures per address, two per account, waits from 2 s up to 8 s. One trusted proxy,
   * so each test picks its client addresses with X-Forwarded-For instead of sharing 127.0.0.1.
   */
  public static class FewFreeFailures implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "waybill.console.sign-in.free-failures-per-address",
          "3",
          "waybill.console.sign-in.free-failures-per-account",
          "2",
          "waybill.console.sign-in.first-wait",
          "2s",
          "waybill.console.sign-in.max-wait",
          "8s",
          "quarkus.http.proxy.proxy-address-forwarding",
          "true",
          "quarkus.http.proxy.allow-x-forwarded",
          "true",
          "quarkus.http.proxy.trusted-proxies",
          "127.0.0.1",
          // Agents join by an emailed invitation; the default profile's mail server holds its port.
          "quarkus.mailer.port",
          String.valueOf(Integer.getInteger("waybill.test.smtp-port", 3925) + 1));
    }
  }

  @Inject MutableClock clock;
  @Inject MeterRegistry metrics;

  @Test
  void anAddressThatKeepsFailingGets429WithRetryAfterAndTheSignInPage() {
    String agent = agent();
    String address = address();
    for (int i = 0; i < 3; i++) {
      Response wrong = attempt(address, "nobody-" + UUID.randomUUID() + "@example.com", "guess");
      assertEquals(302, wrong.statusCode(), "a free failure is a plain wrong password");
      assertTrue(wrong.header("Location").contains("/console/login?error"));
    }
    double before = throttled("address");

    // Even the right password waits: the attempt is refused before any password is checked.
    Response refused = attempt(address, agent, PASSWORD);

    assertEquals(429, refused.statusCode());
    assertNull(refused.cookie("wb_console"), "not signed in");
    long retryAfter = Long.parseLong(refused.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 2, "first wait: " + retryAfter);
    assertTrue(refused.contentType().startsWith("text/html"), refused.contentType());
    assertEquals("no-store", refused.header("Cache-Control"));
    String page = refused.asString();
    assertTrue(page.contains("id=\"login-throttled\""), page);
    assertTrue(page.contains("<form method=\"post\""), "the page offers the form again");
    assertEquals(before + 1, throttled("address"));
    // Another address is not held up.
    Response other = attempt(address(), agent, PASSWORD);
    assertNotNull(other.cookie("wb_console"), "signed in from elsewhere");

    clock.advance(Duration.ofSeconds(retryAfter));
    Response afterTheWait = attempt(address, agent, PASSWORD);
    assertEquals(302, afterTheWait.statusCode());
    assertNotNull(afterTheWait.cookie("wb_console"), "signed in once the wait is over");
  }

  @Test
  void waitsGrowWithEachFailureUpToTheCap() {
    String address = address();
    for (int i = 0; i < 3; i++) {
      attempt(address, "nobody-" + UUID.randomUUID() + "@example.com", "guess");
    }
    long[] waits = new long[4];
    for (int i = 0; i < waits.length; i++) {
      Response refused = attempt(address, "nobody-" + UUID.randomUUID() + "@example.com", "x");
      assertEquals(429, refused.statusCode());
      waits[i] = Long.parseLong(refused.header("Retry-After"));
      clock.advance(Duration.ofSeconds(waits[i]));
      // The attempt after the wait goes through and fails, so the next wait doubles.
      assertEquals(
          302, attempt(address, "nobody-" + UUID.randomUUID() + "@example.com", "x").statusCode());
    }
    assertTrue(waits[0] <= 2 && waits[1] <= 4 && waits[1] > 2, java.util.Arrays.toString(waits));
    assertTrue(waits[2] > 4 && waits[2] <= 8, java.util.Arrays.toString(waits));
    assertTrue(waits[3] <= 8, "capped: " + java.util.Arrays.toString(waits));
  }

  @Test
  void guessesAtOneAccountFromManyAddressesSlowItDownWithoutLockingItsAgentOut() throws Exception {
    String agent = agent();
    String usual = address();
    assertNotNull(attempt(usual, agent, PASSWORD).cookie("wb_console"), "the agent's desk");
    guessTwice(agent);
    double before = throttled("account");

    Response guess = attempt(address(), agent, "another guess");
    Response agentElsewhere = attempt(address(), agent, PASSWORD);

    assertEquals(429, guess.statusCode(), "a fresh address must wait for this account too");
    assertEquals(429, agentElsewhere.statusCode());
    assertEquals(before + 2, throttled("account"));
    // The wait is short and capped: afterwards the agent signs in from anywhere.
    clock.advance(Duration.ofSeconds(Long.parseLong(agentElsewhere.header("Retry-After"))));
    assertNotNull(attempt(address(), agent, PASSWORD).cookie("wb_console"), "after the wait");
    // From where the agent signed in before, the account's wait doesn't apply at all.
    guessTwice(agent);
    assertEquals(429, attempt(address(), agent, PASSWORD).statusCode());
    assertNotNull(attempt(usual, agent, PASSWORD).cookie("wb_console"), "not locked out");

    String log = Files.readString(Path.of("target/waybill-test.log"));
    assertTrue(log.contains("Console sign-ins to account "), "the throttle is logged");
    assertFalse(log.contains(agent), "without the agent's email");
  }

  private static void guessTwice(String agent) {
    for (int i = 0; i < 2; i++) {
      assertEquals(302, attempt(address(), agent, "guess " + i).statusCode());
    }
  }

  private static String agent() {
    TestStore store = TestStores.create();
    return ConsoleSession.addAgent(store, "AGENT");
  }

  private static Response attempt(String address, String email, String password) {
    Form form = ConsoleSignIn.form();
    return given()
        .redirects()
        .follow(false)
        .header("X-Forwarded-For", address)
        .cookie(FormGuard.COOKIE, form.cookie())
        .contentType("application/x-www-form-urlencoded")
        .formParam("email", email)
        .formParam("password", password)
        .post(form.action());
  }

  private double throttled(String reason) {
    return metrics.counter("waybill.console.signin.throttled", "reason", reason).count();
  }

  /** An address in the documentation range, a new one each time so no two attempts share it. */
  private static String address() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "2001:db8:%x:%x::%x"
        .formatted(r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt(1, 0x10000));
  }
}
