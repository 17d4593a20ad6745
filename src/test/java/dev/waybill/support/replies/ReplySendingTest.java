package dev.waybill.support.replies;

import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.notifications.Dispatcher;
import dev.waybill.notifications.NotificationPeers;
import dev.waybill.support.CaseType;
import dev.waybill.support.SupportCases;
import dev.waybill.support.TestCases;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replies sent to the shopper through the notification queue, over real SMTP (GreenMail). */
@QuarkusTest
class ReplySendingTest {

  @Inject SupportCases cases;
  @Inject Dispatcher dispatcher;

  @BeforeAll
  static void mail() {
    NotificationPeers.startMail();
  }

  @AfterAll
  static void stopMail() {
    NotificationPeers.stopMail();
  }

  @Test
  void aFilledReplyGoesOutOnceWhateverTheRetriesAndIsLoggedWithTheOrder() throws Exception {
    TestStore store = TestStores.create();
    String number = orderNumber();
    String email = "shopper-" + UUID.randomUUID() + "@example.com";
    TestStores.orderWithShipment(store, number, email, TestStores.upsNumber());
    Map<String, Object> body =
        Map.of("orderNumber", number, "template", "running-late", "locale", "fr");

    String id =
        support(store)
            .header("Idempotency-Key", "reply-1")
            .body(body)
            .post("/api/v1/support/replies")
            .then()
            .statusCode(202)
            .body("trigger", equalTo("SUPPORT_REPLY"))
            .body("channel", equalTo("EMAIL"))
            .body("sentBy", startsWith("key "))
            .extract()
            .path("id");
    support(store)
        .header("Idempotency-Key", "reply-1")
        .body(body)
        .post("/api/v1/support/replies")
        .then()
        .statusCode(202)
        .body("id", equalTo(id));
    dispatch();
    dispatch();

    List<MimeMessage> replies = replies(email, "Votre commande " + number);
    assertEquals(1, replies.size());
    MimeMessage reply = replies.get(0);
    assertNull(reply.getHeader("List-Unsubscribe"), "an answer has nothing to unsubscribe from");
    String text = NotificationPeers.part(reply, "text/plain");
    assertTrue(text.startsWith("Bonjour Ada"), text);
    assertTrue(NotificationPeers.part(reply, "text/html").contains("Store " + store.slug()));
    store
        .merchant()
        .get("/api/v1/notifications/orders/" + number)
        .then()
        .statusCode(200)
        .body("find { it.id == '" + id + "' }.status", equalTo("SENT"))
        .body("find { it.id == '" + id + "' }.recipient", equalTo(email))
        .body("find { it.id == '" + id + "' }.subject", startsWith("Votre commande " + number));
  }

  @Test
  void theAgentsOwnWordsGoAsWrittenToTheCasesAddress() throws Exception {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(
        store, number, "order-" + UUID.randomUUID() + "@example.com", TestStores.upsNumber());
    String reference = TestCases.open(cases, store, number, CaseType.DELAYED, "Where is it?");
    String subject = "About your order " + number + " (" + UUID.randomUUID() + ")";

    support(store)
        .body(
            Map.of(
                "case",
                reference,
                "subject",
                subject,
                "body",
                "Hi Ada,\n\nIt left the depot today.\n\nDana"))
        .post("/api/v1/support/replies")
        .then()
        .statusCode(202);
    dispatch();

    List<MimeMessage> replies = replies("ada@example.com", subject);
    assertEquals(1, replies.size());
    assertEquals(
        "Hi Ada,\n\nIt left the depot today.\n\nDana",
        NotificationPeers.part(replies.get(0), "text/plain").strip().replace("\r\n", "\n"));
    String html = NotificationPeers.part(replies.get(0), "text/html");
    assertTrue(html.contains(">It left the depot today.</p>"), html);
  }

  @Test
  void halfWrittenRepliesUnknownNamesAndOtherStoresOrdersAreRefusedByField() {
    TestStore store = TestStores.create();
    TestStore other = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "ada@example.com", TestStores.upsNumber());

    refused(store, Map.of("orderNumber", number, "subject", "Hello"), 400, "body");
    refused(store, Map.of("orderNumber", number, "body", "Hello"), 400, "subject");
    refused(store, Map.of("orderNumber", number, "subject", "a\nb", "body", "x"), 400, "subject");
    refused(store, Map.of("orderNumber", number, "template", "late"), 400, "template");
    refused(store, Map.of("orderNumber", number, "locale", "pt"), 400, "locale");
    refused(store, Map.of("orderNumber", number, "to", "not an address"), 400, "to");
    refused(store, Map.of("template", "running-late"), 400, "orderNumber");
    support(other)
        .body(Map.of("orderNumber", number))
        .post("/api/v1/support/replies")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(store.trackingKey())
        .contentType("application/json")
        .body(Map.of("orderNumber", number))
        .post("/api/v1/support/replies")
        .then()
        .statusCode(403);
  }

  private static void refused(TestStore store, Map<String, Object> body, int status, String field) {
    support(store)
        .body(new HashMap<>(body))
        .post("/api/v1/support/replies")
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo(field));
  }

  private void dispatch() {
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(60));
  }

  static List<MimeMessage> replies(String to, String subjectStart) throws Exception {
    List<MimeMessage> out = new java.util.ArrayList<>();
    for (MimeMessage m : NotificationPeers.mailTo(to)) {
      if (m.getSubject() != null && m.getSubject().startsWith(subjectStart)) {
        out.add(m);
      }
    }
    return out;
  }

  private static RequestSpecification support(TestStore store) {
    return given().auth().oauth2(store.supportKey()).contentType("application/json");
  }
}
