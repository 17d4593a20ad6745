package dev.waybill.notifications;

import static dev.waybill.notifications.NotificationPeers.uniqueEmail;
import static dev.waybill.notifications.NotificationPeers.zoneWhereItIs;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the application logs, read back from its log file, holds no shopper's address. */
@QuarkusTest
class LogMaskingFlowTest {

  private static final Path LOG = Path.of("target/waybill-test.log");

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
  void aRefusedTextIsLoggedWithoutTheShoppersNumber() throws Exception {
    TestStore store = TestStores.create();
    String phone = "+4915177" + (1_000_000 + (int) (Math.random() * 8_000_000));
    String email = uniqueEmail();
    // Real providers quote the number they refuse.
    NotificationPeers.refuseTextsTo(
        phone, "The 'To' number " + phone + " (" + email + ") is not a valid phone number.");
    String number = NotificationPeers.order(store, email, phone, "en", zoneWhereItIs(12), true);
    String shipment = NotificationDeliveryTest.shipment(store, number);
    NotificationDeliveryTest.event(store, shipment, "OUT_FOR_DELIVERY", "ofd-mask");
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(60));

    String log = Files.readString(LOG);
    assertTrue(log.contains("is dead after 1 attempts"), "the refusal is logged");
    assertFalse(log.contains(phone), "the phone number is masked");
    assertFalse(log.contains(phone.substring(1)), "the phone number is masked");
    assertFalse(log.contains(email), "the email address is masked");
  }

  @Test
  void anyLogLineIsMaskedBeforeItIsWritten() throws Exception {
    String email = "mask-" + System.nanoTime() + "@example.com";
    Log.infof("Shopper %s asked about order %s", email, "T-123");
    String log = Files.readString(LOG);
    assertTrue(log.contains("asked about order T-123"), "the line is written");
    assertFalse(log.contains(email), "the email address is masked");
    assertTrue(log.contains("Shopper m***@***.com asked"), "masked form");
  }
}
