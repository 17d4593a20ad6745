package dev.waybill.notifications;

import static dev.waybill.notifications.NotificationPeers.mailTo;
import static dev.waybill.notifications.NotificationPeers.subjects;
import static dev.waybill.notifications.NotificationPeers.textsTo;
import static dev.waybill.notifications.NotificationPeers.uniqueEmail;
import static dev.waybill.notifications.NotificationPeers.uniquePhone;
import static dev.waybill.notifications.NotificationPeers.zoneWhereItIs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.Poller;
import dev.waybill.carriers.sim.Journey;
import dev.waybill.carriers.sim.SimCarrierServer;
import dev.waybill.testing.Management;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole journeys of the simulated carrier, polled over real HTTP hour by simulated hour, with the
 * dispatcher running after every poll: the shopper gets exactly the expected messages, in order.
 */
@QuarkusTest
class NotificationJourneyTest {

  @Inject Poller poller;
  @Inject SimCarrierServer sim;
  @Inject Dispatcher dispatcher;

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

  @Test
  void attemptedDeliveryJourneyYieldsExactlyTheExpectedMessagesInEnglish() throws Exception {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    String phone = uniquePhone();
    String number = NotificationPeers.order(store, email, phone, "en", zoneWhereItIs(12), true);
    ship(store, number, Journey.ATTEMPT);
    playHours(60);

    assertEquals(
        List.of(
            "We've got your order " + number,
            "Your order " + number + " has shipped",
            "Your order " + number + " is on the move",
            "Arriving today: your order " + number,
            "We missed you: your order " + number,
            "Delivered: your order " + number),
        subjects(email));
    String attempted = NotificationDeliveryTest.part(mailTo(email).get(4), "text/plain");
    assertTrue(
        attempted.contains("The carrier tried to deliver your parcel but couldn't."), attempted);
    assertTrue(attempted.contains("What you can do: "), attempted);
    String delivered = NotificationDeliveryTest.part(mailTo(email).get(5), "text/html");
    assertTrue(delivered.contains("Your order has arrived, Ada"), delivered);

    List<Map<String, String>> texts = textsTo(phone);
    assertEquals(2, texts.size(), texts.toString());
    assertTrue(texts.get(0).get("Body").contains("Your parcel is out for delivery."));
    assertTrue(texts.get(1).get("Body").contains("The carrier tried to deliver"));

    store
        .merchant()
        .get("/api/v1/notifications/orders/" + number)
        .then()
        .statusCode(200)
        .body("size()", org.hamcrest.Matchers.equalTo(8))
        .body("status", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("SENT")));
    // Carrier scans carry their time: freshness (scan to message) is measured.
    Management.given()
        .get("/q/metrics")
        .then()
        .body(
            org.hamcrest.Matchers.containsString(
                "waybill_notifications_freshness_seconds_count{channel=\"sms\""));
  }

  @Test
  void weatherJourneyTellsTheShopperAboutTheDelayInGerman() throws Exception {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    String number = NotificationPeers.order(store, email, null, "de", null, false);
    ship(store, number, Journey.WEATHER);
    playHours(60);

    assertEquals(
        List.of(
            "Wir haben Ihre Bestellung " + number + " erhalten",
            "Ihre Bestellung " + number + " wurde verschickt",
            "Ihre Bestellung " + number + " ist unterwegs",
            "Neuigkeiten zur Zustellung Ihrer Bestellung " + number,
            "Kommt heute: Ihre Bestellung " + number,
            "Zugestellt: Ihre Bestellung " + number),
        subjects(email));
    String delay = NotificationDeliveryTest.part(mailTo(email).get(3), "text/html");
    assertTrue(delay.contains("Wetter"), delay);
    assertTrue(delay.contains("Was passiert ist"), delay);
    assertTrue(delay.contains("Wie es weitergeht"), delay);
    assertTrue(delay.contains("lang=\"de\""), delay);
  }

  private void ship(TestStore store, String number, Journey journey) {
    long start = Instant.now().plus(sim.shift()).getEpochSecond();
    String tracking = "SIM-" + journey.name() + "-T" + start + "-" + number;
    store
        .merchant()
        .body(Map.of("carrier", "waybill-sim", "trackingNumber", tracking))
        .post("/api/v1/orders/" + number + "/shipments")
        .then()
        .statusCode(201);
  }

  private void playHours(int hours) {
    poller.cycle().await().atMost(Duration.ofSeconds(30));
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(60));
    for (int h = 0; h < hours; h++) {
      sim.advance(Duration.ofHours(1));
      poller.cycle().await().atMost(Duration.ofSeconds(30));
      dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(30));
    }
  }
}
