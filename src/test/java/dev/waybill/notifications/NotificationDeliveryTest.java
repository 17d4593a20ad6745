package dev.waybill.notifications;

import static dev.waybill.notifications.NotificationPeers.mailTo;
import static dev.waybill.notifications.NotificationPeers.subjects;
import static dev.waybill.notifications.NotificationPeers.textsTo;
import static dev.waybill.notifications.NotificationPeers.uniqueEmail;
import static dev.waybill.notifications.NotificationPeers.uniquePhone;
import static dev.waybill.notifications.NotificationPeers.zoneWhereItIs;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.Management;
import dev.waybill.testing.MutableClock;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shopper messages end to end: real SMTP (GreenMail), a Twilio-compatible API (WireMock). */
@QuarkusTest
class NotificationDeliveryTest {

  @Inject Dispatcher dispatcher;
  @Inject Pool pool;
  @Inject MutableClock clock;

  @BeforeAll
  static void peers() {
    NotificationPeers.startMail();
    NotificationPeers.startSms();
  }

  @AfterAll
  static void stopPeers() {
    NotificationPeers.stopMail();
    NotificationPeers.stopSms();
  }

  @AfterEach
  void realTime() {
    clock.reset();
  }

  @Test
  void orderAndShipmentSendConfirmationsWithBrandingLinksAndUnsubscribeHeader() throws Exception {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body(
            Map.of(
                "branding",
                Map.of(
                    "primaryColor", "#FFE066",
                    "supportEmail", "help@example.com",
                    "logoUrl", "https://cdn.example.com/logo.png")))
        .patch("/api/v1/admin/stores/" + store.slug())
        .then()
        .statusCode(200);
    String email = uniqueEmail();
    String number = NotificationPeers.order(store, email, null, "en", null, false);
    shipment(store, number);
    dispatch();

    assertEquals(
        List.of("We've got your order " + number, "Your order " + number + " has shipped"),
        subjects(email));
    MimeMessage shipped = mailTo(email).get(1);
    String unsubscribe = shipped.getHeader("List-Unsubscribe")[0];
    assertTrue(unsubscribe.matches("<http://localhost:8080/n/[^>]+/unsubscribe\\?channel=EMAIL>"));
    assertEquals("List-Unsubscribe=One-Click", shipped.getHeader("List-Unsubscribe-Post")[0]);
    assertTrue(shipped.getFrom()[0].toString().contains("Store " + store.slug()));
    assertEquals("help@example.com", shipped.getReplyTo()[0].toString());
    String html = part(shipped, "text/html");
    String text = part(shipped, "text/plain");
    assertTrue(html.contains("Ada"), html);
    assertTrue(html.contains("Trail Runner 2"));
    assertTrue(html.contains("https://cdn.example.com/tr2.jpg"));
    assertTrue(html.contains("https://cdn.example.com/logo.png"));
    assertTrue(html.contains("http://localhost:8080/t/"));
    // A light brand colour gets dark text on it.
    assertTrue(html.contains("background:#FFE066;color:#000000"), html);
    assertTrue(text.contains("What happens next: "), text);
    assertTrue(text.contains("http://localhost:8080/t/"));

    store
        .merchant()
        .get("/api/v1/notifications/orders/" + number)
        .then()
        .statusCode(200)
        .body("size()", equalTo(2))
        .body("[0].trigger", equalTo("ORDER_CONFIRMED"))
        .body("[0].channel", equalTo("EMAIL"))
        .body("[0].status", equalTo("SENT"))
        .body("[0].recipient", equalTo(email))
        .body("[1].trigger", equalTo("SHIPPED"));
    Management.given()
        .get("/q/metrics")
        .then()
        .body(
            containsString(
                "waybill_notifications_sent_total{channel=\"email\",trigger=\"order_confirmed\""))
        .body(containsString("waybill_notifications_delay_seconds_bucket"));
  }

  @Test
  void messagesGiveWaybillsWindowBeforeTheCarriersDate() throws Exception {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    String number = NotificationPeers.order(store, email, null, "en", null, false);
    String shipment = shipment(store, number);
    java.time.LocalDate from = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(3);
    java.time.LocalDate to = from.plusDays(2);
    pool.preparedQuery(
            "UPDATE shipments SET estimate_likely = $1, estimate_earliest = $1,"
                + " estimate_latest = $2, estimate_safe = $2, carrier_estimated_delivery = $3"
                + " WHERE id = $4")
        .execute(Tuple.of(from, to, from.plusDays(1), UUID.fromString(shipment)))
        .await()
        .indefinitely();
    dispatch();

    java.time.format.DateTimeFormatter dates =
        java.time.format.DateTimeFormatter.ofPattern("EEEE, MMMM d", java.util.Locale.ENGLISH);
    String text = part(mailTo(email).get(1), "text/plain");
    assertTrue(
        text.contains("Estimated delivery: " + from.format(dates) + " – " + to.format(dates)),
        text);
  }

  @Test
  void shippedEmailNamesTheCarrierFromTheCatalogueWithItsOwnLink() throws Exception {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    String number = NotificationPeers.order(store, email, null, "en", null, false);
    // PostNL has no adapter: the email still names it and links to its tracking page.
    store
        .merchant()
        .body(Map.of("carrier", "postnl", "trackingNumber", "3SABCD1234567"))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(201);
    dispatch();

    MimeMessage shipped = mailTo(email).get(1);
    String html = part(shipped, "text/html");
    String text = part(shipped, "text/plain");
    assertTrue(
        html.contains(
            "<a href=\"https://jouw.postnl.nl/track-and-trace/3SABCD1234567\""
                + " style=\"color:#57606a;\">PostNL</a> 3SABCD1234567"),
        html);
    assertTrue(
        text.contains(
            "Parcel: PostNL 3SABCD1234567 https://jouw.postnl.nl/track-and-trace/3SABCD1234567"),
        text);
  }

  @Test
  void replayedEventSendsNothingExtra() {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    String number = NotificationPeers.order(store, email, null, "en", null, false);
    String shipment = shipment(store, number);
    event(store, shipment, "OUT_FOR_DELIVERY", "ofd-1");
    dispatch();
    // The same push again, and the outbox event written twice (a re-poll, a restart mid-batch).
    event(store, shipment, "OUT_FOR_DELIVERY", "ofd-1");
    pool.preparedQuery(
            "INSERT INTO outbox (store_id, topic, aggregate_id, sequence, payload) SELECT store_id,"
                + " topic, aggregate_id, sequence, payload FROM outbox WHERE aggregate_id = $1")
        .execute(Tuple.of(UUID.fromString(shipment)))
        .await()
        .atMost(Duration.ofSeconds(5));
    dispatch();
    dispatch();
    assertEquals(
        List.of(
            "We've got your order " + number,
            "Your order " + number + " has shipped",
            "Arriving today: your order " + number),
        subjects(email));
  }

  @Test
  void laterMilestoneSupersedesAnUnsentEarlierOne() {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    String number = NotificationPeers.order(store, email, null, "en", null, false);
    String shipment = shipment(store, number);
    event(store, shipment, "IN_TRANSIT", "it-1");
    event(store, shipment, "OUT_FOR_DELIVERY", "ofd-1");
    dispatch();
    assertEquals(
        List.of(
            "We've got your order " + number,
            "Your order " + number + " has shipped",
            "Arriving today: your order " + number),
        subjects(email));
    store
        .merchant()
        .get("/api/v1/notifications/orders/" + number)
        .then()
        .body("find { it.trigger == 'IN_TRANSIT' }.status", equalTo("SUPERSEDED"));
  }

  @Test
  void smtpOutageDeliversEveryMessageAfterRecoveryAndNoneTwice() {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    NotificationPeers.stopMail();
    String number;
    try {
      number = NotificationPeers.order(store, email, null, "en", null, false);
      shipment(store, number);
      dispatch();
      store
          .merchant()
          .get("/api/v1/notifications/orders/" + number)
          .then()
          .body("status", hasItem("PENDING"))
          // A server that is down spends no attempt: the message waits for it.
          .body("[0].attempts", equalTo(0))
          .body("[0].detail", org.hamcrest.Matchers.notNullValue());
    } finally {
      NotificationPeers.startMail();
    }
    // The message waits out its backoff.
    clock.advance(Duration.ofSeconds(1));
    dispatch();
    clock.advance(Duration.ofSeconds(1));
    dispatch();
    dispatch();
    assertEquals(
        List.of("We've got your order " + number, "Your order " + number + " has shipped"),
        subjects(email));
    store
        .merchant()
        .get("/api/v1/notifications/orders/" + number)
        .then()
        .body("status", equalTo(List.of("SENT", "SENT")));
  }

  @Test
  void messageThatKeepsFailingIsDeadLetteredVisibleAndRetryable() {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    NotificationPeers.startRefusingMail();
    String number;
    try {
      number = NotificationPeers.order(store, email, null, "en", null, false);
      for (int i = 0; i < 3; i++) {
        dispatch();
        clock.advance(Duration.ofSeconds(1));
      }
    } finally {
      NotificationPeers.stopRefusingMail();
      NotificationPeers.startMail();
    }
    String id =
        store
            .storeAdmin()
            .get("/api/v1/notifications/dead-letters")
            .then()
            .statusCode(200)
            .body("size()", equalTo(1))
            .body("[0].trigger", equalTo("ORDER_CONFIRMED"))
            .body("[0].status", equalTo("DEAD"))
            .body("[0].attempts", equalTo(3))
            .extract()
            .path("[0].id");
    store
        .storeAdmin()
        .post("/api/v1/notifications/" + id + "/retry")
        .then()
        .statusCode(200)
        .body("status", equalTo("PENDING"));
    dispatch();
    assertEquals(List.of("We've got your order " + number), subjects(email));
  }

  @Test
  void twoDispatchersNeverSendTheSameMessage() {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    List<String> numbers = new java.util.ArrayList<>();
    for (int i = 0; i < 15; i++) {
      String number = NotificationPeers.order(store, email, null, "en", null, false);
      shipment(store, number);
      numbers.add(number);
    }
    Uni.combine()
        .all()
        .unis(dispatcher.dispatchOnce("pod-a"), dispatcher.dispatchOnce("pod-b"))
        .discardItems()
        .await()
        .atMost(Duration.ofSeconds(60));
    dispatch();
    List<String> subjects = subjects(email);
    assertEquals(30, subjects.size(), subjects.toString());
    assertEquals(30, new java.util.HashSet<>(subjects).size(), "no message twice");
    for (String n : numbers) {
      assertTrue(subjects.contains("We've got your order " + n));
      assertTrue(subjects.contains("Your order " + n + " has shipped"));
    }
  }

  @Test
  void quietHoursDeferAnSmsToTheMorning() {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    String phone = uniquePhone();
    String zone = zoneWhereItIs(23);
    String number = NotificationPeers.order(store, email, phone, "en", zone, true);
    String shipment = shipment(store, number);
    event(store, shipment, "OUT_FOR_DELIVERY", "ofd-q");
    dispatch();
    assertEquals(0, textsTo(phone).size());
    assertTrue(subjects(email).contains("Arriving today: your order " + number));
    JsonPath log =
        store.merchant().get("/api/v1/notifications/orders/" + number).then().extract().jsonPath();
    Map<String, Object> sms = log.getMap("find { it.channel == 'SMS' }");
    assertNotNull(sms, "an SMS was queued");
    assertEquals("PENDING", sms.get("status"));
    OffsetDateTime until = OffsetDateTime.parse((String) sms.get("deferredUntil"));
    var local = until.atZoneSameInstant(ZoneId.of(zone));
    assertEquals(8, local.getHour());
    assertEquals(0, local.getMinute());
    assertTrue(until.isAfter(OffsetDateTime.now()));
    Management.given()
        .get("/q/metrics")
        .then()
        .body(
            containsString(
                "waybill_notifications_deferred_total{channel=\"sms\",trigger=\"out_for_delivery\""));
  }

  @Test
  void theDeliveredEmailAsksForARatingWithFiveSignedLinksThatRecordNothingWhenOpened()
      throws Exception {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    String number = NotificationPeers.order(store, email, null, "en", null, false);
    String shipment = shipment(store, number);
    event(store, shipment, "DELIVERED", "dl-f");
    dispatch();

    MimeMessage delivered =
        mailTo(email).stream()
            .filter(m -> subjectOf(m).startsWith("Delivered"))
            .findFirst()
            .orElseThrow();
    String html = part(delivered, "text/html");
    java.util.regex.Matcher links =
        java.util.regex.Pattern.compile("href=\"(http://localhost:8080/f/[^\"]+)\"").matcher(html);
    List<String> stars = new java.util.ArrayList<>();
    while (links.find()) {
      stars.add(links.group(1));
    }
    assertEquals(5, stars.size(), html);
    assertTrue(part(delivered, "text/plain").contains("/f/"));
    // Opening a link (as a mail scanner would) shows the question with that star chosen.
    io.restassured.RestAssured.given()
        .get(stars.get(3).replace("http://localhost:8080", ""))
        .then()
        .statusCode(200)
        .body(containsString("How was the delivery"));
    io.restassured.RestAssured.given()
        .get(stars.get(3).replace("http://localhost:8080", "") + "x")
        .then()
        .statusCode(404);
  }

  private static String subjectOf(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void deliverySupersedesAnSmsStillHeldByQuietHours() {
    TestStore store = TestStores.create();
    String phone = uniquePhone();
    String number =
        NotificationPeers.order(store, uniqueEmail(), phone, "en", zoneWhereItIs(23), true);
    String shipment = shipment(store, number);
    event(store, shipment, "OUT_FOR_DELIVERY", "ofd-d");
    dispatch();
    event(store, shipment, "DELIVERED", "dl-d");
    dispatch();
    store
        .merchant()
        .get("/api/v1/notifications/orders/" + number)
        .then()
        .body("find { it.channel == 'SMS' }.status", equalTo("SUPERSEDED"))
        .body("find { it.trigger == 'DELIVERED' }.status", equalTo("SENT"));
    assertEquals(0, textsTo(phone).size());
  }

  @Test
  void timeSensitiveEventsAreTextedToOptedInShoppersOnly() {
    TestStore store = TestStores.create();
    String phone = uniquePhone();
    String noon = zoneWhereItIs(12);
    String number = NotificationPeers.order(store, uniqueEmail(), phone, "de", noon, true);
    String shipment = shipment(store, number);
    event(store, shipment, "IN_TRANSIT", "it-s");
    dispatch();
    event(store, shipment, "OUT_FOR_DELIVERY", "ofd-s");
    dispatch();
    List<Map<String, String>> texts = textsTo(phone);
    assertEquals(1, texts.size(), texts.toString());
    assertEquals("+15005550006", texts.get(0).get("From"));
    assertTrue(texts.get(0).get("Body").contains("Ihr Paket ist in der Zustellung."));
    assertTrue(texts.get(0).get("Body").contains("http://localhost:8080/t/"));
    assertTrue(texts.get(0).get("Body").contains("http://localhost:8080/n/"));
    assertTrue(texts.get(0).get("Authorization").startsWith("Basic "));

    // Not opted in: no text, whatever the store's settings.
    String other = uniquePhone();
    String quiet = NotificationPeers.order(store, uniqueEmail(), other, "en", noon, false);
    String s2 = shipment(store, quiet);
    event(store, s2, "OUT_FOR_DELIVERY", "ofd-n");
    dispatch();
    assertEquals(0, textsTo(other).size());
  }

  @Test
  void smsTheProviderRefusesIsDeadLetteredAtOnce() {
    TestStore store = TestStores.create();
    String phone = "+4915100000000";
    NotificationPeers.refuseTextsTo(phone);
    String number =
        NotificationPeers.order(store, uniqueEmail(), phone, "en", zoneWhereItIs(12), true);
    String shipment = shipment(store, number);
    event(store, shipment, "OUT_FOR_DELIVERY", "ofd-r");
    dispatch();
    store
        .storeAdmin()
        .get("/api/v1/notifications/dead-letters")
        .then()
        .body("size()", equalTo(1))
        .body("[0].channel", equalTo("SMS"))
        .body("[0].attempts", equalTo(1))
        .body("[0].detail", containsString("21211"));
  }

  @Test
  void unsubscribeLinkStopsFurtherMessages() throws Exception {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    String number = NotificationPeers.order(store, email, null, "en", null, false);
    dispatch();
    MimeMessage confirmation = mailTo(email).get(0);
    String header = confirmation.getHeader("List-Unsubscribe")[0];
    String url = header.substring(1, header.length() - 1).replace("http://localhost:8080", "");
    String page = url.substring(0, url.indexOf("/unsubscribe"));
    // Looking at the page changes nothing; a mail client's one-click POST does.
    RestAssured.given().get(page).then().statusCode(200).body(containsString("Emails: <strong>On"));
    RestAssured.given()
        .contentType("application/x-www-form-urlencoded")
        .formParam("List-Unsubscribe", "One-Click")
        .post(url)
        .then()
        .statusCode(200);
    RestAssured.given().get(page).then().body(containsString("Emails: <strong>Off"));
    shipment(store, number);
    String second = NotificationPeers.order(store, email, null, "en", null, false);
    dispatch();
    assertEquals(List.of("We've got your order " + number), subjects(email));
    store
        .merchant()
        .get("/api/v1/notifications/orders/" + second)
        .then()
        .body("[0].status", equalTo("SKIPPED"))
        .body("[0].detail", equalTo("the shopper unsubscribed"));
    RestAssured.given().get("/n/forged.token").then().statusCode(404);
  }

  @Test
  void dailyCapSkipsMessagesBeyondTheLimitAndSaysSo() {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    String number = NotificationPeers.order(store, email, null, "en", null, false);
    for (int i = 0; i < 9; i++) {
      shipment(store, number);
    }
    dispatch();
    // The test profile caps at 8 per order and channel.
    assertEquals(8, subjects(email).size());
    JsonPath log =
        store.merchant().get("/api/v1/notifications/orders/" + number).then().extract().jsonPath();
    assertEquals(8, log.getList("findAll { it.status == 'SENT' }").size());
    assertEquals(
        List.of(
            "daily limit of messages for this order reached",
            "daily limit of messages for this order reached"),
        log.getList("findAll { it.status == 'SKIPPED' }.detail"));
  }

  @Test
  void storePreferencesTurnTriggersOffAndBadTriggersAreNamed() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .get("/api/v1/notifications/preferences")
        .then()
        .statusCode(200)
        .body("triggers.find { it.trigger == 'OUT_FOR_DELIVERY' }.sms", equalTo(true))
        .body("triggers.find { it.trigger == 'IN_TRANSIT' }.sms", equalTo(false))
        .body("triggers.find { it.trigger == 'SHIPPED' }.email", equalTo(true));
    Map<String, Object> off = Map.of("trigger", "SHIPPED", "email", false, "sms", false);
    for (int i = 0; i < 2; i++) {
      store
          .storeAdmin()
          .body(Map.of("triggers", List.of(off)))
          .put("/api/v1/notifications/preferences")
          .then()
          .statusCode(200)
          .body("triggers.find { it.trigger == 'SHIPPED' }.email", equalTo(false));
    }
    store
        .storeAdmin()
        .body(Map.of("triggers", List.of(Map.of("trigger", "NOPE", "email", true, "sms", true))))
        .put("/api/v1/notifications/preferences")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("triggers[0].trigger"));
    String email = uniqueEmail();
    String number = NotificationPeers.order(store, email, null, "en", null, false);
    shipment(store, number);
    dispatch();
    assertEquals(List.of("We've got your order " + number), subjects(email));
  }

  @Test
  void previewRendersAnyTriggerWithSampleOrRealDataInEitherLanguage() {
    TestStore store = TestStores.create();
    store
        .storeAdmin()
        .body(Map.of("trigger", "EXCEPTION", "locale", "de"))
        .post("/api/v1/notifications/preview")
        .then()
        .statusCode(200)
        .body("locale", equalTo("de"))
        .body("subject", equalTo("Neuigkeiten zur Zustellung Ihrer Bestellung SAMPLE-1001"))
        .body("html", containsString("Wetterbedingte"))
        .body("html", containsString("Neue voraussichtliche Zustellung"))
        .body("text", containsString("Wie es weitergeht"))
        .body("sms", containsString("http://localhost:8080/t/"));
    String number = NotificationPeers.order(store, uniqueEmail(), null, "en", null, false);
    store
        .storeAdmin()
        .body(Map.of("trigger", "ORDER_CONFIRMED", "orderNumber", number))
        .post("/api/v1/notifications/preview")
        .then()
        .statusCode(200)
        .body("subject", equalTo("We've got your order " + number))
        .body("html", containsString("Thanks for your order, Ada!"));
    store
        .storeAdmin()
        .body(Map.of("trigger", "LOST_IN_SPACE"))
        .post("/api/v1/notifications/preview")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("trigger"));
  }

  // --- helpers ----------------------------------------------------------------------------

  private void dispatch() {
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(60));
  }

  static String shipment(TestStore store, String number) {
    return store
        .merchant()
        .body(Map.of("carrier", "ups", "trackingNumber", TestStores.upsNumber()))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static void event(TestStore store, String shipmentId, String status, String eventId) {
    Map<String, Object> body = new HashMap<>();
    body.put("status", status);
    body.put("eventId", eventId);
    store
        .merchant()
        .body(body)
        .post("/api/v1/shipments/" + shipmentId + "/events")
        .then()
        .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
  }

  static String part(MimeMessage message, String type) throws Exception {
    return NotificationPeers.part(message, type);
  }
}
