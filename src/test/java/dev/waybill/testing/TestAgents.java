package dev.waybill.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.notifications.NotificationPeers;
import dev.waybill.platform.security.FormGuard;
import io.restassured.response.Response;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Console agents made the way people join a team: an invitation through the admin API, the link
 * read from the email GreenMail received, and the invitation page's form posted as a browser would.
 */
public final class TestAgents {

  private static final Pattern LINK =
      Pattern.compile("https?://[^\\s\"<>]*(/console/invitations/[A-Za-z0-9]+)");
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private TestAgents() {}

  /** Invites the person as the platform admin would, and has them accept with this password. */
  public static String add(String slug, String email, String name, String password, String role) {
    NotificationPeers.startMail();
    return add(slug, email, name, password, role, NotificationPeers::mailTo);
  }

  /** As {@link #add(String, String, String, String, String)}, reading mail from {@code mailbox}. */
  public static String add(
      String slug,
      String email,
      String name,
      String password,
      String role,
      Function<String, List<MimeMessage>> mailbox) {
    invite(slug, email, name, role).then().statusCode(202);
    Response accepted = accept(link(email, mailbox), password, password);
    assertEquals(200, accepted.statusCode(), accepted.asString());
    return email;
  }

  /** The admin API's invitation, as the platform admin; the mail server must be running. */
  public static Response invite(String slug, String email, String name, String role) {
    Map<String, Object> body = new HashMap<>(Map.of("email", email, "name", name));
    if (role != null) {
      body.put("role", role);
    }
    return TestStores.platformAdmin().body(body).post("/api/v1/admin/stores/" + slug + "/agents");
  }

  /** The path of the link in the latest invitation emailed to the address. */
  public static String link(String email) {
    return link(email, NotificationPeers::mailTo);
  }

  /** How many emails the address has received. */
  public static int mails(String email) {
    return NotificationPeers.mailTo(email).size();
  }

  static String link(String email, Function<String, List<MimeMessage>> mailbox) {
    List<MimeMessage> received = mailbox.apply(email);
    assertTrue(!received.isEmpty(), "an invitation was emailed to " + email);
    Matcher m = LINK.matcher(text(received.get(received.size() - 1)));
    assertTrue(m.find(), "the email holds an invitation link");
    return m.group(1);
  }

  /** Opens the invitation page and posts its form; a new account's confirmation may differ. */
  public static Response accept(String path, String password, String confirmation) {
    Response page = given().get(path);
    assertEquals(200, page.statusCode(), page.asString());
    Matcher m = CSRF.matcher(page.asString());
    assertTrue(m.find(), "the page has a protected form");
    Map<String, String> form = new HashMap<>();
    form.put("csrf", m.group(1));
    form.put("password", password);
    if (confirmation != null) {
      form.put("confirmation", confirmation);
    }
    return given()
        .redirects()
        .follow(false)
        .cookie(FormGuard.COOKIE, page.cookie(FormGuard.COOKIE))
        .contentType("application/x-www-form-urlencoded")
        .formParams(form)
        .post(path);
  }

  /** The plain-text body of an email, decoded. */
  public static String text(Part part) {
    try {
      if (part.isMimeType("text/*")) {
        return String.valueOf(part.getContent());
      }
      if (part.getContent() instanceof Multipart multi) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < multi.getCount(); i++) {
          BodyPart body = multi.getBodyPart(i);
          out.append(text(body)).append('\n');
        }
        return out.toString();
      }
      return "";
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
