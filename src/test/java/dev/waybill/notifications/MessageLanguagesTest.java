package dev.waybill.notifications;

import static dev.waybill.notifications.NotificationPeers.mailTo;
import static dev.waybill.notifications.NotificationPeers.subjects;
import static dev.waybill.notifications.NotificationPeers.uniqueEmail;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Shopper messages in the order's language, with its dates written the way that language does. */
@QuarkusTest
class MessageLanguagesTest {

  @Inject Dispatcher dispatcher;

  @BeforeAll
  static void peers() {
    NotificationPeers.startMail();
  }

  @AfterAll
  static void stopPeers() {
    NotificationPeers.stopMail();
  }

  @Test
  void anItalianOrderIsConfirmedInItalian() throws Exception {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    String number = NotificationPeers.order(store, email, null, "it-IT", null, false);
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(60));

    assertEquals(List.of("Abbiamo ricevuto il Suo ordine " + number), subjects(email));
    String html = NotificationDeliveryTest.part(mailTo(email).get(0), "text/html");
    String text = NotificationDeliveryTest.part(mailTo(email).get(0), "text/plain");
    assertTrue(html.contains("lang=\"it\""), html);
    assertTrue(html.contains("Grazie per il Suo ordine, Ada!"), html);
    assertTrue(html.contains("Gestisci le notifiche"), html);
    assertTrue(text.contains("Cosa succede ora: "), text);
  }

  @ParameterizedTest
  @CsvSource({
    "fr, Votre commande SAMPLE-1001 est en route, Livraison prévue, EEEE d MMMM",
    "es, Su pedido SAMPLE-1001 está en camino, Entrega prevista, EEEE d 'de' MMMM",
    "nl, Uw bestelling SAMPLE-1001 is onderweg, Verwachte bezorging, EEEE d MMMM",
    "it, Il Suo ordine SAMPLE-1001 è in viaggio, Consegna prevista, EEEE d MMMM"
  })
  void previewsWriteTheEstimateInTheirLanguage(
      String lang, String subject, String estimateLabel, String pattern) {
    TestStore store = TestStores.create();
    // The sample parcel is due in two days.
    String due =
        LocalDate.now(ZoneOffset.UTC)
            .plusDays(2)
            .format(DateTimeFormatter.ofPattern(pattern, Locale.forLanguageTag(lang)));
    store
        .storeAdmin()
        .body(Map.of("trigger", "IN_TRANSIT", "locale", lang))
        .post("/api/v1/notifications/preview")
        .then()
        .statusCode(200)
        .body("locale", equalTo(lang))
        .body("subject", equalTo(subject))
        .body("html", containsString(estimateLabel + ":</strong> " + due))
        .body("sms", containsString(due));
  }
}
