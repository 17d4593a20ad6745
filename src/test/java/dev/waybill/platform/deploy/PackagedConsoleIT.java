package dev.waybill.platform.deploy;

import static dev.waybill.testing.TestStores.orderNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.waybill.testing.ConsoleSignIn;
import dev.waybill.testing.TestAgents;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The support side of the packaged application: console sign-in (password hashing, the form filter,
 * the session cookie), an order's story rendered from its templates behind the HTML headers filter,
 * and the analytics CSV streamed in chunks. These are the paths a native build is likeliest to
 * break, through reflection or resources the analysis did not see.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedPipelinePeers.class, restrictToAnnotatedClass = true)
class PackagedConsoleIT {

  private static final String PASSWORD = "correct horse battery";

  @Test
  void anAgentSignsInAndReadsAnOrdersStory() {
    TestStore store = TestStores.create();
    String number = orderNumber();
    TestStores.orderWithShipment(store, number, "story@example.com", TestStores.upsNumber());
    String email = "packaged-" + UUID.randomUUID() + "@example.com";
    // Invited, and joined through the emailed link: the invitation page and its email templates.
    TestAgents.add(store.slug(), email, "Dana", PASSWORD, "AGENT", PackagedConsoleIT::mailTo);

    Response signedIn = ConsoleSignIn.post(email, PASSWORD);
    assertEquals(302, signedIn.statusCode());
    String session = signedIn.cookie("wb_console");
    assertNotNull(session, "signed in");

    given()
        .redirects()
        .follow(false)
        .cookie("wb_console", session)
        .get("/console/" + store.slug() + "/orders/" + number)
        .then()
        .statusCode(200)
        .contentType(startsWith("text/html"))
        .header("Content-Security-Policy", containsString("default-src"))
        .body(containsString(number));
  }

  @Test
  void theAnalyticsExportStreamsACsv() {
    TestStore store = TestStores.create();
    given()
        .auth()
        .oauth2(TestStores.key(store.slug(), "support"))
        .get("/api/v1/insights/export.csv?groupBy=week")
        .then()
        .statusCode(200)
        .contentType(startsWith("text/csv"))
        .body(startsWith("\uFEFFweek,"));
  }

  private static java.util.List<jakarta.mail.internet.MimeMessage> mailTo(String address) {
    java.util.List<jakarta.mail.internet.MimeMessage> out = new java.util.ArrayList<>();
    for (jakarta.mail.internet.MimeMessage m : PackagedPipelinePeers.mail.getReceivedMessages()) {
      try {
        var to = m.getRecipients(jakarta.mail.Message.RecipientType.TO);
        if (to != null && to.length > 0 && to[0].toString().equalsIgnoreCase(address)) {
          out.add(m);
        }
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }
}
