package dev.waybill.connectors.shopify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.waybill.connectors.shopify.ShopifyMapperTest.fixture;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalToIgnoringCase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The import of a Shopify shop's recent orders end to end: a WireMock server answers as Shopify's
 * Admin GraphQL API documents it, cost extensions and THROTTLED errors included.
 */
@QuarkusTest
@TestProfile(ShopifyBackfillTest.Admin.class)
class ShopifyBackfillTest {

  /** The profile that points the Admin API at the local server. */
  public static class Admin implements QuarkusTestProfile {

    static final int PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("waybill.connectors.shopify.admin-base-url", "http://127.0.0.1:" + PORT);
    }

    private static int freePort() {
      for (int i = 0; i < 200; i++) {
        int port = ThreadLocalRandom.current().nextInt(30_000, 40_000);
        try (ServerSocket socket = new ServerSocket(port)) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
      throw new IllegalStateException("no free port for the Shopify test server");
    }
  }

  private static final String GRAPHQL = "/admin/api/2026-10/graphql.json";

  private static WireMockServer shopify;

  @Inject ShopifyBackfill backfill;
  @Inject Pool pool;

  @BeforeAll
  static void start() {
    shopify = new WireMockServer(WireMockConfiguration.options().port(Admin.PORT));
    shopify.start();
  }

  @AfterAll
  static void stop() {
    shopify.stop();
  }

  @BeforeEach
  void reset() {
    shopify.resetAll();
  }

  /** A store connected to a shop with its own access token. */
  record Shop(TestStore store, String domain, String token) {
    String admin() {
      return "/api/v1/admin/stores/" + store.slug() + "/connectors/shopify";
    }
  }

  private static Shop connect() {
    TestStore store = TestStores.create();
    String domain = "b-" + UUID.randomUUID().toString().substring(0, 8) + ".myshopify.com";
    String token = "shpat_" + UUID.randomUUID().toString().replace("-", "");
    store
        .storeAdmin()
        .body(
            Map.of(
                "shopDomain",
                domain,
                "webhookSecret",
                "shpss_" + "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6",
                "accessToken",
                token))
        .put("/api/v1/admin/stores/" + store.slug() + "/connectors/shopify")
        .then()
        .statusCode(200)
        .body("backfill.state", equalToIgnoringCase("PENDING"));
    return new Shop(store, domain, token);
  }

  private static ValidatableResponse connection(Shop shop) {
    return shop.store().storeAdmin().get(shop.admin()).then().statusCode(200);
  }

  /** An order node as the fixture has it, under another id, name, update time and parcel. */
  private static JsonObject node(String name, OffsetDateTime updatedAt) {
    JsonObject node =
        new JsonObject(fixture("graphql-orders.json"))
            .getJsonObject("data")
            .getJsonObject("orders")
            .getJsonArray("nodes")
            .getJsonObject(0);
    long id = Math.abs(UUID.randomUUID().getMostSignificantBits() >> 12);
    node.put("id", "gid://shopify/Order/" + id)
        .put("name", name)
        .put("updatedAt", updatedAt.toString());
    String tracking = "1Z" + String.format("%016d", id % 10_000_000_000_000_000L);
    node.getJsonArray("fulfillments")
        .getJsonObject(0)
        .getJsonArray("trackingInfo")
        .getJsonObject(0)
        .put("number", tracking)
        .put("url", "https://www.ups.com/track?tracknum=" + tracking);
    return node;
  }

  private static String page(List<JsonObject> nodes, String endCursor, JsonObject cost) {
    return new JsonObject()
        .put(
            "data",
            new JsonObject()
                .put(
                    "orders",
                    new JsonObject()
                        .put(
                            "pageInfo",
                            new JsonObject()
                                .put("hasNextPage", endCursor != null)
                                .put("endCursor", endCursor == null ? "last" : endCursor))
                        .put("nodes", new JsonArray(new ArrayList<>(nodes)))))
        .put("extensions", new JsonObject().put("cost", cost))
        .encodePrettily();
  }

  private static JsonObject cost(int requested, int actual, double available, double rate) {
    return new JsonObject()
        .put("requestedQueryCost", requested)
        .put("actualQueryCost", actual)
        .put(
            "throttleStatus",
            new JsonObject()
                .put("maximumAvailable", 2000.0)
                .put("currentlyAvailable", available)
                .put("restoreRate", rate));
  }

  private static JsonObject plenty() {
    return cost(962, 24, 1976, 100.0);
  }

  private static MappingBuilder graphql(Shop shop, String after) {
    MappingBuilder m =
        post(urlEqualTo(GRAPHQL)).withHeader("X-Shopify-Access-Token", equalTo(shop.token()));
    return after == null
        ? m.withRequestBody(notContaining("\"after\""))
        : m.withRequestBody(matchingJsonPath("$.variables.after", equalTo(after)));
  }

  private static void stubPage(Shop shop, String after, String body) {
    shopify.stubFor(graphql(shop, after).willReturn(okJson(body)));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(
      String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  /** Three pages of two orders each, updated a day ago, a minute apart. */
  private static List<String> threePages(Shop shop) {
    List<String> names = new ArrayList<>();
    OffsetDateTime t =
        OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).truncatedTo(ChronoUnit.SECONDS);
    String after = null;
    for (int p = 1; p <= 3; p++) {
      List<JsonObject> nodes = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String name = "#B" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        names.add(name);
        nodes.add(node(name, t.plusMinutes(p * 10 + i)));
      }
      String end = p < 3 ? "cursor-" + p : null;
      stubPage(shop, after, page(nodes, end, plenty()));
      after = end;
    }
    return names;
  }

  private static void run(Supplier<Uni<Void>> job) throws Throwable {
    VertxContextSupport.subscribeAndAwait(job);
  }

  /** The requests this shop's token made, oldest first. */
  private static List<ServeEvent> requests(Shop shop) {
    return shopify.getAllServeEvents().stream()
        .filter(e -> shop.token().equals(e.getRequest().getHeader("X-Shopify-Access-Token")))
        .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
        .toList();
  }

  private static long at(ServeEvent e) {
    return e.getRequest().getLoggedDate().getTime();
  }

  private static String after(ServeEvent e) {
    return new JsonObject(e.getRequest().getBodyAsString())
        .getJsonObject("variables")
        .getString("after");
  }

  private UUID connectionId(Shop shop) {
    return pool.preparedQuery(
            "SELECT id FROM store_connections WHERE kind = 'shopify' AND external_key = $1")
        .execute(Tuple.of(shop.domain()))
        .await()
        .indefinitely()
        .iterator()
        .next()
        .getUUID(0);
  }

  private void sql(String sql, UUID id) {
    pool.preparedQuery(sql).execute(Tuple.of(id)).await().indefinitely();
  }

  @Test
  void aNewConnectionImportsEveryPageOfItsRecentOrdersAndShowsItsProgress() throws Throwable {
    Shop shop = connect();
    List<String> names = threePages(shop);

    run(backfill::run);

    for (String name : names) {
      shop.store()
          .merchant()
          .get("/api/v1/orders/{n}", name)
          .then()
          .statusCode(200)
          .body("customer.email", equalToIgnoringCase("bob.norman@mail.example.com"))
          .body("locale", equalToIgnoringCase("en-CA"))
          .body("shipments[0].carrier", equalToIgnoringCase("ups"));
    }
    connection(shop)
        .body("backfill.state", equalToIgnoringCase("DONE"))
        .body("backfill.imported", org.hamcrest.Matchers.equalTo(6))
        .body("backfill.resumable", org.hamcrest.Matchers.equalTo(true))
        .body("backfill.startedAt", org.hamcrest.Matchers.notNullValue())
        .body("backfill.finishedAt", org.hamcrest.Matchers.notNullValue())
        .body(org.hamcrest.Matchers.not(containsString(shop.token())));
    List<ServeEvent> requests = requests(shop);
    assertEquals(3, requests.size());
    LoggedRequest first = requests.get(0).getRequest();
    JsonObject body = new JsonObject(first.getBodyAsString());
    assertTrue(body.getString("query").contains("orders(first: $first, after: $after"));
    assertTrue(
        body.getJsonObject("variables").getString("query").startsWith("updated_at:>='"),
        "only orders updated in the import window are asked for");
    assertEquals(40, body.getJsonObject("variables").getInteger("first"));
    shopify.verify(
        3,
        postRequestedFor(urlEqualTo(GRAPHQL))
            .withHeader("Content-Type", containing("application/json")));
  }

  private static com.github.tomakehurst.wiremock.matching.StringValuePattern containing(String s) {
    return com.github.tomakehurst.wiremock.client.WireMock.containing(s);
  }

  @Test
  void aThrottledAnswerMidwayIsWaitedOutAndTheImportGoesOn() throws Throwable {
    Shop shop = connect();
    List<String> names = threePages(shop);
    String scenario = "throttle-" + shop.token();
    shopify.stubFor(
        graphql(shop, "cursor-1")
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(fixture("graphql-throttled.json")))
            .willSetStateTo("refilled"));
    // After the refusal the same page is answered as usual (the stub of threePages).
    shopify.stubFor(
        graphql(shop, "cursor-1")
            .inScenario(scenario)
            .whenScenarioStateIs("refilled")
            .willReturn(
                okJson(
                    page(
                        List.of(
                            node(names.get(2), OffsetDateTime.now(ZoneOffset.UTC).minusHours(20)),
                            node(names.get(3), OffsetDateTime.now(ZoneOffset.UTC).minusHours(19))),
                        "cursor-2",
                        plenty()))));

    run(backfill::run);

    connection(shop)
        .body("backfill.state", equalToIgnoringCase("DONE"))
        .body("backfill.imported", org.hamcrest.Matchers.equalTo(6));
    List<ServeEvent> requests = requests(shop);
    assertEquals(4, requests.size(), "the throttled page is asked once more, nothing else");
    assertEquals("cursor-1", after(requests.get(1)));
    assertEquals("cursor-1", after(requests.get(2)));
    // The refusal said 902 of the 962 points requested were there, refilling at 100 a second.
    long waited = at(requests.get(2)) - at(requests.get(1));
    assertTrue(waited >= 600, "asked again after " + waited + " ms, before the bucket refilled");
  }

  @Test
  void aLowBucketSlowsTheNextQueryDownBeforeShopifyRefusesIt() throws Throwable {
    Shop shop = connect();
    OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).minusDays(2);
    String a = "#B" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    String b = "#B" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    // After the first page only 10 of the next query's 100 points are left, refilling at 50/s.
    stubPage(shop, null, page(List.of(node(a, t)), "cursor-1", cost(100, 60, 10, 50)));
    stubPage(
        shop, "cursor-1", page(List.of(node(b, t.plusMinutes(1))), null, cost(100, 60, 50, 50)));

    run(backfill::run);

    List<ServeEvent> requests = requests(shop);
    assertEquals(2, requests.size(), "no query was sent early and refused");
    long waited = at(requests.get(1)) - at(requests.get(0));
    assertTrue(waited >= 1800, "the second page came " + waited + " ms after the first, not 1.8 s");
    connection(shop).body("backfill.state", equalToIgnoringCase("DONE"));
    shop.store().merchant().get("/api/v1/orders/{n}", b).then().statusCode(200);
  }

  @Test
  void anImportCutShortResumesFromItsStoredCursorOnceItsLeaseExpires() throws Throwable {
    Shop shop = connect();
    List<String> names = threePages(shop);
    UUID id = connectionId(shop);
    // A pod imported the first two pages and died holding the lease.
    sql(
        """
        UPDATE store_connections SET backfill_state = 'RUNNING', backfill_cursor = 'cursor-2',
          backfill_imported = 4, backfill_started_at = now(),
          backfill_claimed_until = now() + interval '1 hour'
        WHERE id = $1""",
        id);

    run(backfill::run);
    assertEquals(0, requests(shop).size(), "the lease of the pod that died is respected");
    connection(shop)
        .body("backfill.state", equalToIgnoringCase("RUNNING"))
        .body("backfill.resumable", org.hamcrest.Matchers.equalTo(true));

    sql(
        "UPDATE store_connections SET backfill_claimed_until = now() - interval '1 second' WHERE id = $1",
        id);
    run(backfill::run);

    List<ServeEvent> requests = requests(shop);
    assertEquals(1, requests.size(), "only the page after the stored cursor is read");
    assertEquals("cursor-2", after(requests.get(0)));
    connection(shop)
        .body("backfill.state", equalToIgnoringCase("DONE"))
        .body("backfill.imported", org.hamcrest.Matchers.equalTo(6));
    shop.store().merchant().get("/api/v1/orders/{n}", names.get(5)).then().statusCode(200);
    shop.store().merchant().get("/api/v1/orders/{n}", names.get(0)).then().statusCode(404);
  }

  @Test
  void aRerunWritesNothingTwiceAndAskingAgainWhileItIsDueChangesNothing() throws Throwable {
    Shop shop = connect();
    List<String> names = threePages(shop);
    run(backfill::run);
    String before =
        shop.store()
            .merchant()
            .get("/api/v1/orders/{n}", names.get(0))
            .then()
            .extract()
            .path("updatedAt");

    shop.store()
        .storeAdmin()
        .post(shop.admin() + "/backfill")
        .then()
        .statusCode(202)
        .body("backfill.state", equalToIgnoringCase("PENDING"))
        .body("backfill.imported", org.hamcrest.Matchers.equalTo(0));
    shop.store()
        .storeAdmin()
        .post(shop.admin() + "/backfill")
        .then()
        .statusCode(202)
        .body("backfill.state", equalToIgnoringCase("PENDING"));
    run(backfill::run);

    connection(shop)
        .body("backfill.state", equalToIgnoringCase("DONE"))
        .body("backfill.imported", org.hamcrest.Matchers.equalTo(0));
    assertEquals(6, requests(shop).size(), "the run read the three pages once more");
    String after =
        shop.store()
            .merchant()
            .get("/api/v1/orders/{n}", names.get(0))
            .then()
            .extract()
            .path("updatedAt");
    assertEquals(before, after, "an order applied before is not written again");
  }

  @Test
  void anOlderVersionFromTheImportNeverOverwritesANewerOne() throws Throwable {
    Shop shop = connect();
    OffsetDateTime t =
        OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).truncatedTo(ChronoUnit.SECONDS);
    String name = "#B" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    JsonObject newer = node(name, t.plusHours(2)).put("email", "newer@mail.example.com");
    JsonObject older =
        newer.copy().put("updatedAt", t.toString()).put("email", "older@mail.example.com");
    stubPage(shop, null, page(List.of(newer), null, plenty()));
    run(backfill::run);
    shopify.resetAll();
    stubPage(shop, null, page(List.of(older), null, plenty()));
    shop.store().storeAdmin().post(shop.admin() + "/backfill").then().statusCode(202);

    run(backfill::run);

    shop.store()
        .merchant()
        .get("/api/v1/orders/{n}", name)
        .then()
        .statusCode(200)
        .body("customer.email", equalToIgnoringCase("newer@mail.example.com"));
  }

  @Test
  void aRefusedTokenStopsTheImportWithAnErrorAndIsNotAskedAgainInALoop() throws Throwable {
    Shop shop = connect();
    shopify.stubFor(
        graphql(shop, null)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("graphql-invalid-token.json"))));

    run(backfill::run);
    run(backfill::run);

    assertEquals(1, requests(shop).size(), "a refused token is not tried again by itself");
    connection(shop)
        .body("backfill.state", equalToIgnoringCase("FAILED"))
        .body("lastError", containsString("access token"))
        .body("lastErrorAt", org.hamcrest.Matchers.notNullValue());
  }

  @Test
  void anImportNeedsAnAccessToken() {
    TestStore store = TestStores.create();
    String domain = "n-" + UUID.randomUUID().toString().substring(0, 8) + ".myshopify.com";
    store
        .storeAdmin()
        .body(Map.of("shopDomain", domain, "webhookSecret", "shpss_" + "0".repeat(32)))
        .put("/api/v1/admin/stores/" + store.slug() + "/connectors/shopify")
        .then()
        .statusCode(200)
        .body("backfill.state", equalToIgnoringCase("NONE"));
    store
        .storeAdmin()
        .post("/api/v1/admin/stores/" + store.slug() + "/connectors/shopify/backfill")
        .then()
        .statusCode(409)
        .contentType(containsString("application/problem+json"))
        .body(containsString("accessToken"));
  }
}
