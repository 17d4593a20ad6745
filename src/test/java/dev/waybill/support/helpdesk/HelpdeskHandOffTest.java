package dev.waybill.support.helpdesk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.waybill.notifications.OutboxFanout;
import dev.waybill.support.TestCases;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-off end to end: a shopper asks for help on the tracking page, and the store's help desk
 * (a WireMock server answering as Zendesk's and Gorgias's ticket APIs document) receives one ticket
 * carrying the order's story.
 */
@QuarkusTest
@TestProfile(HelpdeskHandOffTest.StandIn.class)
class HelpdeskHandOffTest {

  /** Zendesk and Gorgias on a local server; each account under its own path. */
  public static class StandIn implements QuarkusTestProfile {

    static final int PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "waybill.helpdesk.zendesk-base-url",
          "http://127.0.0.1:" + PORT + "/zendesk/{subdomain}",
          "waybill.helpdesk.gorgias-base-url",
          "http://127.0.0.1:" + PORT + "/gorgias/{subdomain}",
          // The tests run the cycles themselves.
          "waybill.helpdesk.interval",
          "1h",
          "waybill.helpdesk.backoff",
          "50ms",
          "waybill.helpdesk.max-backoff",
          "10s",
          "waybill.helpdesk.max-attempts",
          "4");
    }

    private static int freePort() {
      for (int i = 0; i < 200; i++) {
        int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
        try (ServerSocket socket = new ServerSocket(port)) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
      throw new IllegalStateException("no free port for the help desk stand-in");
    }
  }

  private static final String TOKEN = "zd-" + "8f3a1c0e9b7d6a5f4e3d2c1b0a9f";
  private static final String KEY = "gg-" + "1a2b3c4d5e6f7a8b9c0d1e2f3a4b";

  private static WireMockServer desk;

  @Inject OutboxFanout fanout;
  @Inject HelpdeskHandOff handOff;
  @Inject Pool pool;

  @BeforeAll
  static void start() {
    desk = new WireMockServer(WireMockConfiguration.options().port(StandIn.PORT));
    desk.start();
  }

  @AfterAll
  static void stop() {
    desk.stop();
  }

  record Desk(TestStore store, String kind, String subdomain, String secret) {

    String ticketsPath() {
      return "zendesk".equals(kind)
          ? "/zendesk/" + subdomain + "/api/v2/tickets.json"
          : "/gorgias/" + subdomain + "/api/tickets";
    }
  }

  static Desk connect(String kind) {
    TestStore store = TestStores.create();
    String subdomain = "nw" + UUID.randomUUID().toString().substring(0, 8);
    String secret = "zendesk".equals(kind) ? TOKEN : KEY;
    Map<String, Object> body = new HashMap<>();
    body.put("kind", kind);
    body.put("subdomain", subdomain);
    body.put("email", "support@northwind.example");
    body.put("apiToken", secret);
    body.put("tags", List.of("shipping"));
    store
        .storeAdmin()
        .body(body)
        .put("/api/v1/admin/stores/" + store.slug() + "/helpdesk")
        .then()
        .statusCode(200)
        .body("kind", equalTo(kind))
        .body("apiTokenSet", equalTo(true))
        .body(not(containsString(secret)));
    return new Desk(store, kind, subdomain, secret);
  }

  /** Zendesk's answer to a created ticket, trimmed to what Waybill reads and a little more. */
  static void zendeskCreates(Desk d, long id) {
    desk.stubFor(
        post(urlPathEqualTo(d.ticketsPath()))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"ticket": {"id": %d, "url": "https://%s.zendesk.com/api/v2/tickets/%d.json",
                          "external_id": null, "status": "new", "subject": "Order",
                          "tags": ["waybill", "shipping"]}}
                        """
                            .formatted(id, d.subdomain(), id))));
  }

  static void gorgiasCreates(Desk d, long id) {
    desk.stubFor(
        post(urlPathEqualTo(d.ticketsPath()))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"id": %d, "uri": "/api/tickets/%d/", "channel": "email", "via": "api",
                          "status": "open", "external_id": null, "messages_count": 1}
                        """
                            .formatted(id, id))));
  }

  static void zendeskFindsNothing(Desk d) {
    desk.stubFor(
        get(urlPathEqualTo(d.ticketsPath()))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"tickets\": [], \"next_page\": null, \"count\": 0}")));
  }

  record Case(String orderNumber, String trackingNumber, String reference) {}

  /** An order with a parcel, and its shopper asking for help on the tracking page. */
  static Case askForHelp(TestStore store, String message) {
    String number = TestStores.orderNumber();
    String tracking = TestStores.upsNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", tracking);
    String token =
        store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
    String reference = TestCases.askForHelp(token, "NOT_RECEIVED", message);
    return new Case(number, tracking, reference);
  }

  void fanAndSend() {
    while (fanout.fanOut(500).await().atMost(Duration.ofSeconds(20)) > 0) {
      // until the outbox is empty
    }
    handOff.cycle().await().atMost(Duration.ofSeconds(20));
  }

  static List<LoggedRequest> posted(Desk d) {
    return desk.findAll(postRequestedFor(urlPathEqualTo(d.ticketsPath())));
  }

  static io.restassured.response.ValidatableResponse view(Desk d) {
    return d.store()
        .storeAdmin()
        .get("/api/v1/admin/stores/" + d.store().slug() + "/helpdesk")
        .then()
        .statusCode(200)
        .body(not(containsString(d.secret())));
  }

  static String basic(String user, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aCaseBecomesOneZendeskTicketCarryingTheOrdersStory() {
    Desk d = connect("zendesk");
    zendeskCreates(d, 35436);
    Case c = askForHelp(d.store(), "The parcel never came & I'm <worried>.");
    fanAndSend();
    fanAndSend();

    List<LoggedRequest> got = posted(d);
    assertEquals(1, got.size(), "one ticket, however often the queue runs");
    LoggedRequest r = got.get(0);
    assertEquals(basic("support@northwind.example/token", TOKEN), r.getHeader("Authorization"));
    JsonObject ticket = new JsonObject(r.getBodyAsString()).getJsonObject("ticket");
    assertEquals(c.reference(), ticket.getString("external_id"));
    assertEquals("ada@example.com", ticket.getJsonObject("requester").getString("email"));
    assertEquals(List.of("waybill", "shipping"), ticket.getJsonArray("tags").getList());
    assertTrue(ticket.getString("subject").contains(c.orderNumber()));
    String html = ticket.getJsonObject("comment").getString("html_body");
    assertTrue(html.contains(c.trackingNumber()), html);
    assertTrue(html.contains("UPS"), html);
    assertTrue(html.contains("The parcel never came &amp; I&#39;m &lt;worried&gt;."), html);
    assertTrue(
        html.contains("/console/" + d.store().slug() + "/cases/" + c.reference()),
        "a link back to the case in the console: " + html);

    view(d)
        .body("lastTicket.reference", equalTo(c.reference()))
        .body("lastTicket.ticketId", equalTo("35436"))
        .body(
            "lastTicket.ticketUrl",
            equalTo("https://" + d.subdomain() + ".zendesk.com/agent/tickets/35436"))
        .body("queue.sent", equalTo(1))
        .body("queue.dead", equalTo(0))
        .body("apiTokenHint", equalTo("…" + TOKEN.substring(TOKEN.length() - 4)));
  }

  @Test
  void aCaseBecomesAGorgiasTicketFromTheShopper() {
    Desk d = connect("gorgias");
    gorgiasCreates(d, 9001);
    Case c = askForHelp(d.store(), "Where is it?");
    fanAndSend();

    List<LoggedRequest> got = posted(d);
    assertEquals(1, got.size());
    LoggedRequest r = got.get(0);
    assertEquals(basic("support@northwind.example", KEY), r.getHeader("Authorization"));
    JsonObject body = new JsonObject(r.getBodyAsString());
    assertEquals("email", body.getString("channel"));
    assertEquals(c.reference(), body.getString("external_id"));
    assertEquals("ada@example.com", body.getJsonObject("customer").getString("email"));
    JsonObject message = body.getJsonArray("messages").getJsonObject(0);
    assertEquals(false, message.getBoolean("from_agent"));
    assertEquals("email", message.getString("channel"));
    assertEquals("ada@example.com", message.getJsonObject("sender").getString("email"));
    assertTrue(message.getString("body_text").contains("Where is it?"));
    assertTrue(message.getString("body_text").contains(c.trackingNumber()));
    assertTrue(message.getString("body_html").contains(c.reference()));
    view(d).body("lastTicket.ticketId", equalTo("9001")).body("queue.sent", equalTo(1));
  }

  @Test
  void aServerErrorIsRetriedAndAnAnswerLostOnTheWayIsFoundNotDuplicated() throws Exception {
    Desk d = connect("zendesk");
    String scenario = "flaky-" + d.subdomain();
    desk.stubFor(
        post(urlPathEqualTo(d.ticketsPath()))
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    desk.stubFor(
        post(urlPathEqualTo(d.ticketsPath()))
            .inScenario(scenario)
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(504))
            .willSetStateTo("created"));
    // The 504 lost the answer: Zendesk made the ticket, and finds it by its external id.
    desk.stubFor(
        get(urlPathEqualTo(d.ticketsPath()))
            .inScenario(scenario)
            .whenScenarioStateIs("up")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"tickets\": [], \"count\": 0}")));
    Case c = askForHelp(d.store(), "Late.");
    desk.stubFor(
        get(urlPathEqualTo(d.ticketsPath()))
            .inScenario(scenario)
            .whenScenarioStateIs("created")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"tickets": [{"id": 4242, "external_id": "%s", "status": "new"}],
                          "count": 1}
                        """
                            .formatted(c.reference()))));

    fanAndSend();
    assertEquals(1, posted(d).size());
    view(d).body("queue.failing", equalTo(1)).body("queue.lastError", containsString("503"));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              handOff.cycle().await().atMost(Duration.ofSeconds(20));
              view(d).body("queue.sent", equalTo(1));
            });
    assertEquals(2, posted(d).size(), "the ticket found is not created a third time");
    view(d).body("lastTicket.ticketId", equalTo("4242"));
  }

  @Test
  void aRateLimitWaitsAsLongAsRetryAfterSays() throws Exception {
    Desk d = connect("gorgias");
    String scenario = "limited-" + d.subdomain();
    desk.stubFor(
        post(urlPathEqualTo(d.ticketsPath()))
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "2")
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\": {\"msg\": \"Too many requests\"}}"))
            .willSetStateTo("ok"));
    desk.stubFor(
        post(urlPathEqualTo(d.ticketsPath()))
            .inScenario(scenario)
            .whenScenarioStateIs("ok")
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\": 77, \"channel\": \"email\"}")));
    askForHelp(d.store(), "Hello?");
    long first = System.nanoTime();
    fanAndSend();
    assertEquals(1, posted(d).size());
    view(d).body("queue.lastError", containsString("429"));

    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              handOff.cycle().await().atMost(Duration.ofSeconds(20));
              assertEquals(2, posted(d).size());
            });
    assertTrue(
        Duration.ofNanos(System.nanoTime() - first).compareTo(Duration.ofMillis(1900)) >= 0,
        "not sent again before Retry-After passed");
    view(d).body("lastTicket.ticketId", equalTo("77"));
  }

  @Test
  void refusedCredentialsAreDeadAndShownToTheAdminUntilRetried() {
    Desk d = connect("zendesk");
    desk.stubFor(
        post(urlPathEqualTo(d.ticketsPath()))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\": \"Couldn't authenticate you\"}")));
    askForHelp(d.store(), "Nothing came.");
    fanAndSend();
    fanAndSend();
    assertEquals(1, posted(d).size(), "a refusal is not retried by itself");
    view(d)
        .body("queue.dead", equalTo(1))
        .body("queue.pending", equalTo(0))
        .body("queue.lastError", containsString("401"));

    zendeskFindsNothing(d);
    zendeskCreates(d, 501);
    d.store()
        .storeAdmin()
        .post("/api/v1/admin/stores/" + d.store().slug() + "/helpdesk/retry")
        .then()
        .statusCode(200)
        .body("retried", equalTo(1));
    fanAndSend();
    view(d).body("queue.dead", equalTo(0)).body("lastTicket.ticketId", equalTo("501"));
  }

  @Test
  void credentialsAreNeverShownAndBadInputNamesTheField() {
    Desk d = connect("zendesk");
    // Updating without the token keeps it.
    d.store()
        .storeAdmin()
        .body(Map.of("kind", "zendesk", "subdomain", d.subdomain(), "email", "a@northwind.example"))
        .put("/api/v1/admin/stores/" + d.store().slug() + "/helpdesk")
        .then()
        .statusCode(200)
        .body("apiTokenSet", equalTo(true))
        .body("email", equalTo("a@northwind.example"))
        .body(not(containsString(TOKEN)));
    String stored =
        pool.preparedQuery("SELECT api_token FROM store_helpdesks WHERE subdomain = $1")
            .execute(Tuple.of(d.subdomain()))
            .await()
            .indefinitely()
            .iterator()
            .next()
            .getString(0);
    assertFalse(stored.contains(TOKEN), "sealed at rest");

    String path = "/api/v1/admin/stores/" + d.store().slug() + "/helpdesk";
    d.store()
        .storeAdmin()
        .body(
            Map.of(
                "kind", "freshdesk", "subdomain", "x", "email", "a@b.example", "apiToken", TOKEN))
        .put(path)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body(containsString("kind"));
    d.store()
        .storeAdmin()
        .body(
            Map.of("kind", "zendesk", "subdomain", "https://x.zendesk.com", "email", "a@b.example"))
        .put(path)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body(containsString("subdomain"));
    // Changing the kind needs the new help desk's token.
    d.store()
        .storeAdmin()
        .body(Map.of("kind", "gorgias", "subdomain", "x", "email", "a@b.example"))
        .put(path)
        .then()
        .statusCode(400)
        .body(containsString("apiToken"));
  }

  @Test
  void aStoreSeesAndReachesOnlyItsOwnHelpdesk() {
    Desk a = connect("zendesk");
    zendeskCreates(a, 1);
    TestStore b = TestStores.create();
    b.storeAdmin()
        .get("/api/v1/admin/stores/" + a.store().slug() + "/helpdesk")
        .then()
        .statusCode(404);
    b.storeAdmin()
        .delete("/api/v1/admin/stores/" + a.store().slug() + "/helpdesk")
        .then()
        .statusCode(404);
    Case theirs = askForHelp(b, "Mine.");
    Case ours = askForHelp(a.store(), "Ours.");
    fanAndSend();
    List<LoggedRequest> got = posted(a);
    assertEquals(1, got.size());
    assertTrue(got.get(0).getBodyAsString().contains(ours.reference()));
    assertFalse(got.get(0).getBodyAsString().contains(theirs.reference()));
    given()
        .auth()
        .oauth2(b.supportKey())
        .get("/api/v1/support/cases/" + ours.reference() + "/story")
        .then()
        .statusCode(404);
  }

  @Test
  void aStoreWithoutAHelpdeskGetsNothingQueued() {
    TestStore store = TestStores.create();
    Case c = askForHelp(store, "Anyone?");
    fanAndSend();
    long queued =
        pool.preparedQuery("SELECT count(*) FROM helpdesk_tickets WHERE reference = $1")
            .execute(Tuple.of(c.reference()))
            .await()
            .indefinitely()
            .iterator()
            .next()
            .getLong(0);
    assertEquals(0, queued);
    store
        .storeAdmin()
        .get("/api/v1/admin/stores/" + store.slug() + "/helpdesk")
        .then()
        .statusCode(404);
  }

  @Test
  void aRemovedHelpdeskGetsNoTicketsStillQueued() {
    Desk d = connect("gorgias");
    gorgiasCreates(d, 5);
    askForHelp(d.store(), "Hi");
    while (fanout.fanOut(500).await().atMost(Duration.ofSeconds(20)) > 0) {
      // queued, not sent
    }
    d.store()
        .storeAdmin()
        .delete("/api/v1/admin/stores/" + d.store().slug() + "/helpdesk")
        .then()
        .statusCode(204);
    handOff.cycle().await().atMost(Duration.ofSeconds(20));
    assertEquals(0, posted(d).size());
  }

  @Test
  void theHelpdeskSidebarReadsTheCasesStoryWithASupportKey() {
    TestStore store = TestStores.create();
    Case c = askForHelp(store, "Is it lost?");
    given()
        .auth()
        .oauth2(store.supportKey())
        .get("/api/v1/support/cases/" + c.reference() + "/story")
        .then()
        .statusCode(200)
        .body("reference", equalTo(c.reference()))
        .body("orderNumber", equalTo(c.orderNumber()))
        .body("message", equalTo("Is it lost?"))
        .body("shipments[0].trackingNumber", equalTo(c.trackingNumber()))
        .body("shipments[0].carrier", equalTo("UPS"))
        .body("consoleUrl", containsString("/console/" + store.slug() + "/cases/" + c.reference()));
    given()
        .auth()
        .oauth2(store.trackingKey())
        .get("/api/v1/support/cases/" + c.reference() + "/story")
        .then()
        .statusCode(403);
  }
}
