package dev.waybill.notifications.email;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.notifications.email.EmailSender.Email;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What dev mode's pretended emails leave in the log. */
class EmailSenderTest {

  @Test
  void mockEmailIsOneLineWithRecipientAndSubject() {
    Email email =
        new Email(
            "ada@example.com",
            "Northwind Outfitters",
            null,
            "Your order NW-1003 is on the move",
            "<html><body><table><tr><td>lots</td></tr></table>\n</body></html>",
            "lots\nof\ntext",
            "http://localhost:8080/u/x",
            "n-1");
    assertEquals(
        "Mock email to ada@example.com: Your order NW-1003 is on the move",
        EmailSender.mockLine(email));
  }

  @Test
  void devModeQuietsTheMailersDumpAndProductionSendsForReal() throws Exception {
    Properties p = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
      p.load(in);
    }
    assertEquals("true", p.getProperty("quarkus.mailer.mock"));
    assertEquals("WARN", p.getProperty("%dev.quarkus.log.category.\"quarkus-mailer\".level"));
    assertEquals("false", p.getProperty("%prod.quarkus.mailer.mock"));
  }

  @Test
  void aMockAccountEmailLeavesItsLinkInTheLog() {
    assertEquals(
        " (http://localhost:8080/console/invitations/abc)",
        EmailSender.linkIn("Join the team: http://localhost:8080/console/invitations/abc\nThanks"));
    assertEquals("", EmailSender.linkIn("No link here"));
  }
}
