package dev.waybill.notifications;

import static dev.waybill.notifications.NotificationPeers.mailTo;
import static dev.waybill.notifications.NotificationPeers.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A carrier only an aggregator tracks (DPD) is named and linked from the catalogue on the tracking
 * page and in emails alike; a shipment's own carrier link, when it has one, is the link instead.
 */
@QuarkusTest
class CatalogueCarrierMessagesTest {

  private static final String DPD_NUMBER = "09980000020033";
  private static final String DPD_PAGE =
      "https://tracking.dpd.de/status/en_US/parcel/" + DPD_NUMBER;

  @Inject Dispatcher dispatcher;
  @Inject Pool pool;

  @BeforeAll
  static void peers() {
    NotificationPeers.startMail();
  }

  @AfterAll
  static void stopPeers() {
    NotificationPeers.stopMail();
  }

  @Test
  void aDpdParcelShowsDpdAndItsPageOnTheTrackingPageAndInTheEmail() throws Exception {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    String order = NotificationPeers.order(store, email, null, "en", null, false);
    dpdShipment(store, order);

    String token = token(store, order, email);
    given()
        .get("/t/" + token)
        .then()
        .statusCode(200)
        .body(containsString("<dd>DPD</dd>"))
        .body(containsString("href=\"" + DPD_PAGE + "\""));

    String html = shippedEmail(email);
    assertTrue(html.contains("DPD"), html);
    assertTrue(html.contains("href=\"" + DPD_PAGE + "\""), html);
  }

  @Test
  void theShipmentsOwnCarrierLinkWinsOverTheCataloguesPage() throws Exception {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    String order = NotificationPeers.order(store, email, null, "en", null, false);
    String shipment = dpdShipment(store, order);
    String own = "https://www.dpd.com/de/en/mydpd/my-parcels/track?parcelNumber=" + DPD_NUMBER;
    pool.preparedQuery("UPDATE shipments SET carrier_link = $2 WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(shipment), own))
        .await()
        .atMost(Duration.ofSeconds(5));

    store
        .storefront()
        .queryParam("orderNumber", order)
        .queryParam("email", email)
        .get("/api/v1/tracking")
        .then()
        .statusCode(200)
        .body("shipments[0].carrierName", equalTo("DPD"))
        .body("shipments[0].carrierUrl", equalTo(own));
    String html = shippedEmail(email);
    assertTrue(html.contains("href=\"" + own.replace("&", "&amp;") + "\""), html);
    assertTrue(!html.contains(DPD_PAGE + "\""), html);
    given()
        .get("/t/" + token(store, order, email))
        .then()
        .statusCode(200)
        .body(containsString("<dd>DPD</dd>"))
        .body(not(containsString("href=\"" + DPD_PAGE + "\"")));
  }

  private static String dpdShipment(TestStore store, String order) {
    return store
        .merchant()
        .body(Map.of("carrier", "dpd", "trackingNumber", DPD_NUMBER))
        .post("/api/v1/orders/" + order + "/shipments")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String token(TestStore store, String order, String email) {
    return store
        .storefront()
        .queryParam("orderNumber", order)
        .queryParam("email", email)
        .get("/api/v1/tracking")
        .then()
        .statusCode(200)
        .extract()
        .path("token");
  }

  /** The "has shipped" email's HTML part. */
  private String shippedEmail(String email) throws Exception {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(60));
              return mailTo(email).stream().anyMatch(CatalogueCarrierMessagesTest::shipped);
            });
    List<MimeMessage> mails = mailTo(email);
    for (MimeMessage m : mails) {
      if (shipped(m)) {
        return html(m);
      }
    }
    throw new AssertionError("no shipped email");
  }

  private static boolean shipped(MimeMessage m) {
    try {
      return m.getSubject().contains("has shipped");
    } catch (Exception e) {
      return false;
    }
  }

  private static String html(MimeMessage m) throws Exception {
    return NotificationDeliveryTest.part(m, "text/html");
  }
}
