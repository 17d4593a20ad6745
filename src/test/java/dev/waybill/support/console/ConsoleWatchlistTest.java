package dev.waybill.support.console;

import static dev.waybill.testing.TestStores.orderNumber;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.support.CaseType;
import dev.waybill.support.ContactChannel;
import dev.waybill.support.NewCase;
import dev.waybill.support.SupportCases;
import dev.waybill.support.console.Watchlist.WatchItem;
import dev.waybill.support.console.Watchlist.Why;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Escalations on the console's watchlist, and what an agent does about them. */
@QuarkusTest
class ConsoleWatchlistTest {

  @Inject Watchlist watchlist;
  @Inject SupportCases cases;
  @Inject dev.waybill.notifications.Dispatcher dispatcher;

  @Test
  void escalationsComeMostUrgentFirst() {
    TestStore store = TestStores.create();
    UUID storeId = storeId(store);
    String problem = parcel(store, "EXCEPTION");
    String returned = parcel(store, "RETURNED_TO_SENDER");
    String delivered = parcel(store, "DELIVERED");
    String claimed = parcel(store, "IN_TRANSIT");
    String dnr = openCase(storeId, orderOf(store, delivered), delivered);
    support(store)
        .body(Map.of("shipmentId", claimed, "remindOn", LocalDate.now(ZoneOffset.UTC).toString()))
        .post("/api/v1/support/claims")
        .then()
        .statusCode(201);

    List<WatchItem> items = list(storeId);
    assertEquals(
        List.of(Why.CLAIM_DUE, Why.NOT_RECEIVED, Why.RETURNED, Why.PROBLEM),
        items.stream().map(WatchItem::why).toList());
    assertEquals(
        List.of(claimed, delivered, returned, problem),
        items.stream().map(i -> i.shipmentId().toString()).toList());
    assertEquals(dnr, items.get(1).caseReference());
    assertTrue(items.get(0).claimFileBy() != null);

    ConsoleSession agent = ConsoleSession.signIn(ConsoleSession.addAgent(store, "AGENT"));
    String html = agent.get("/console/" + store.slug()).then().statusCode(200).extract().asString();
    List<Integer> rows =
        List.of(claimed, delivered, returned, problem).stream()
            .map(s -> html.indexOf("data-order=\"" + orderOf(store, s) + "\""))
            .toList();
    assertTrue(rows.get(0) > 0, html);
    assertEquals(rows.stream().sorted().toList(), rows, "rows in order of urgency");
  }

  @Test
  void aParcelIsShownWithItsCarriersNameAndLinkFromTheCatalogue() {
    TestStore store = TestStores.create();
    UUID storeId = storeId(store);
    String number = orderNumber();
    store
        .merchant()
        .body(TestStores.order(number, "ada@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    // DPD has no adapter: the merchant's own event puts the parcel on the watchlist.
    String shipment =
        store
            .merchant()
            .body(Map.of("carrier", "dpd", "trackingNumber", "09980000020033"))
            .post("/api/v1/orders/" + number + "/shipments")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    event(store, shipment, "EXCEPTION");

    WatchItem item = list(storeId).get(0);
    assertEquals("dpd", item.carrier());
    assertEquals("DPD", item.carrierName());
    ConsoleSession agent = ConsoleSession.signIn(ConsoleSession.addAgent(store, "AGENT"));
    agent
        .get("/console/" + store.slug())
        .then()
        .statusCode(200)
        .body(
            containsString(
                "<a href=\"https://tracking.dpd.de/status/en_US/parcel/09980000020033\""
                    + " rel=\"noopener\">DPD</a> 09980000020033"));
  }

  @Test
  void resolvedHoldsUntilTheNextStatusChange() {
    TestStore store = TestStores.create();
    UUID storeId = storeId(store);
    String shipment = parcel(store, "EXCEPTION");
    WatchItem item = list(storeId).get(0);
    ConsoleSession agent = ConsoleSession.signIn(ConsoleSession.addAgent(store, "AGENT"));
    String base = "/console/" + store.slug();

    agent.get(base);
    for (int i = 0; i < 2; i++) {
      agent
          .post(base + "/escalations/" + shipment + "/resolve", Map.of("sequence", item.sequence()))
          .then()
          .statusCode(303)
          .header("Location", containsString("done=resolved"));
    }
    assertTrue(list(storeId).isEmpty(), "resolved");
    agent
        .get(base + "/orders/" + item.orderNumber())
        .then()
        .body(containsString("Marked resolved on the watchlist"));

    event(store, shipment, "IN_TRANSIT");
    event(store, shipment, "EXCEPTION");
    assertEquals(List.of(Why.PROBLEM), list(storeId).stream().map(WatchItem::why).toList());
  }

  @Test
  void resolvingANotReceivedEntryResolvesItsCase() {
    TestStore store = TestStores.create();
    UUID storeId = storeId(store);
    String shipment = parcel(store, "DELIVERED");
    String reference = openCase(storeId, orderOf(store, shipment), shipment);
    ConsoleSession agent = ConsoleSession.signIn(ConsoleSession.addAgent(store, "AGENT"));
    String base = "/console/" + store.slug();
    agent.get(base);
    agent
        .post(base + "/escalations/" + shipment + "/resolve", Map.of("caseReference", reference))
        .then()
        .statusCode(303);
    assertTrue(list(storeId).isEmpty());
    support(store)
        .get("/api/v1/support/cases/" + reference)
        .then()
        .body("status", equalTo("RESOLVED"));
  }

  @Test
  void aNoteAndAResentMessageAreKeptOnTheShipment() {
    TestStore store = TestStores.create();
    UUID storeId = storeId(store);
    dev.waybill.notifications.NotificationPeers.startMail();
    String shipment = parcel(store, "EXCEPTION");
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(30));
    WatchItem item = list(storeId).get(0);
    assertTrue(item.lastMessageId() != null, "a message was sent");
    ConsoleSession agent = ConsoleSession.signIn(ConsoleSession.addAgent(store, "AGENT"));
    String base = "/console/" + store.slug();

    agent.get(base);
    for (int i = 0; i < 2; i++) {
      agent
          .post(
              base + "/escalations/" + shipment + "/note",
              Map.of("note", "Called the depot", "submission", "form-1"))
          .then()
          .statusCode(303);
    }
    agent.get(base);
    agent
        .post(base + "/escalations/" + shipment + "/note", Map.of("note", "  "))
        .then()
        .header("Location", containsString("done=note-empty"));
    agent.get(base);
    agent
        .post(
            base + "/escalations/" + shipment + "/resend",
            Map.of("messageId", item.lastMessageId(), "submission", "form-2"))
        .then()
        .statusCode(303)
        .header("Location", containsString("done=resent"));

    assertEquals("Sent the " + item.lastMessage() + " again", list(storeId).get(0).lastNote());
    String story = agent.get(base + "/orders/" + item.orderNumber()).then().extract().asString();
    assertEquals(1, story.split("Called the depot", -1).length - 1, "the note is kept once");
  }

  @Test
  void aClaimReminderOpenedFromTheWatchlistIsFiledOnTheOrder() {
    TestStore store = TestStores.create();
    UUID storeId = storeId(store);
    String shipment = parcel(store, "RETURNED_TO_SENDER");
    String number = list(storeId).get(0).orderNumber();
    ConsoleSession agent = ConsoleSession.signIn(ConsoleSession.addAgent(store, "AGENT"));
    String base = "/console/" + store.slug();
    agent.get(base);
    agent
        .post(
            base + "/escalations/" + shipment + "/claim",
            Map.of("reason", "Returned damaged", "orderNumber", number))
        .then()
        .statusCode(303)
        .header("Location", containsString("/orders/" + number + "?done=claim"));
    String claimId =
        support(store)
            .get("/api/v1/support/claims")
            .then()
            .body("items[0].reason", equalTo("Returned damaged"))
            .extract()
            .path("items[0].id");
    agent.get(base + "/orders/" + number).then().body(containsString("Returned damaged"));

    agent
        .post(
            base + "/escalations/claims/" + claimId,
            Map.of("status", "FILED", "back", "order", "orderNumber", number))
        .then()
        .header("Location", containsString("done=claim-reference"));
    agent.get(base + "/orders/" + number);
    agent
        .post(
            base + "/escalations/claims/" + claimId,
            Map.of(
                "status",
                "FILED",
                "claimReference",
                "UPS-77",
                "back",
                "order",
                "orderNumber",
                number))
        .then()
        .header("Location", endsWith("done=claim-filed#parcels"));
    agent
        .get(base + "/orders/" + number)
        .then()
        .body(containsString("UPS-77"))
        .body(not(containsString("Open claim reminder</button></form></li>")));
  }

  @Test
  void anotherStoresShipmentIsNotFound() {
    TestStore mine = TestStores.create();
    TestStore theirs = TestStores.create();
    String shipment = parcel(theirs, "EXCEPTION");
    ConsoleSession agent = ConsoleSession.signIn(ConsoleSession.addAgent(mine, "AGENT"));
    String base = "/console/" + mine.slug();
    agent.get(base);
    agent
        .post(base + "/escalations/" + shipment + "/note", Map.of("note", "Peeking"))
        .then()
        .statusCode(404);
    agent.get(base);
    agent
        .post(base + "/escalations/" + shipment + "/resolve", Map.of("sequence", 1))
        .then()
        .statusCode(404);
    agent.get(base);
    agent
        .post(base + "/escalations/" + shipment + "/claim", Map.of("reason", "x"))
        .then()
        .statusCode(404);
    assertEquals(1, list(storeId(theirs)).size(), "untouched");
  }

  private List<WatchItem> list(UUID storeId) {
    return watchlist.forStore(storeId, Duration.ofDays(3), 50).await().indefinitely();
  }

  private String openCase(UUID storeId, String number, String shipment) {
    return cases
        .open(
            new NewCase(
                storeId,
                number,
                UUID.fromString(shipment),
                CaseType.DELIVERED_NOT_RECEIVED,
                "It says delivered, but nothing is here.",
                ContactChannel.EMAIL,
                "ada@example.com",
                null,
                "en",
                "{}",
                UUID.randomUUID().toString()))
        .await()
        .indefinitely();
  }

  private final Map<String, String> orders = new java.util.HashMap<>();

  private String parcel(TestStore store, String status) {
    String number = orderNumber();
    String shipment =
        TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());
    orders.put(shipment, number);
    event(store, shipment, status);
    return shipment;
  }

  private String orderOf(TestStore store, String shipment) {
    return orders.get(shipment);
  }

  private static io.restassured.specification.RequestSpecification support(TestStore store) {
    return io.restassured.RestAssured.given()
        .auth()
        .oauth2(store.supportKey())
        .contentType(io.restassured.http.ContentType.JSON);
  }

  private static void event(TestStore store, String shipment, String status) {
    store
        .merchant()
        .body(Map.of("status", status, "description", status + " " + UUID.randomUUID()))
        .post("/api/v1/shipments/" + shipment + "/events")
        .then()
        .statusCode(201);
  }

  private static UUID storeId(TestStore store) {
    return TestStores.platformAdmin()
        .get("/api/v1/admin/stores/" + store.slug())
        .then()
        .extract()
        .jsonPath()
        .getUUID("id");
  }
}
