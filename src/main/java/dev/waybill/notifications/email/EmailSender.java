package dev.waybill.notifications.email;

import dev.waybill.notifications.NotificationsConfig;
import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends email through the reactive mailer, so no event-loop thread waits for SMTP. When the mailer
 * only pretends to send (dev mode), each email is logged as one line, recipient and subject, while
 * the mailer's own dump of the whole message stays quiet (see application.properties).
 */
@ApplicationScoped
public class EmailSender {

  /** One email, HTML and plain text, with its unsubscribe targets. */
  public record Email(
      String to,
      String fromName,
      String replyTo,
      String subject,
      String html,
      String text,
      String unsubscribeUrl,
      String messageId) {}

  private final ReactiveMailer mailer;
  private final NotificationsConfig config;
  private final boolean mock;

  public EmailSender(
      ReactiveMailer mailer,
      NotificationsConfig config,
      @ConfigProperty(name = "quarkus.mailer.mock", defaultValue = "false") boolean mock) {
    this.mailer = mailer;
    this.config = config;
    this.mock = mock;
  }

  public Uni<Void> send(Email email) {
    Mail mail =
        Mail.withHtml(email.to(), email.subject(), email.html())
            .setText(email.text())
            .setFrom(from(email.fromName()))
            .addHeader("X-Waybill-Notification", email.messageId());
    if (email.unsubscribeUrl() != null) {
      // RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe button. A person's
      // answer to the shopper's own question has nothing to unsubscribe from.
      mail.addHeader("List-Unsubscribe", "<" + email.unsubscribeUrl() + ">")
          .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }
    if (email.replyTo() != null) {
      mail.setReplyTo(email.replyTo());
    }
    if (mock) {
      return mailer.send(mail).invoke(() -> Log.info(mockLine(email)));
    }
    return mailer.send(mail);
  }

  /**
   * Sends an email about a person's own console account, such as an invitation. It is sent once on
   * someone's request, not subscribed to, so it carries no unsubscribe headers.
   */
  public Uni<Void> sendAccountEmail(String to, String subject, String html, String text) {
    return sendRequested(to, null, null, subject, html, text);
  }

  /**
   * Sends an email someone asked for just now, such as a sign-in link, from the store's name when
   * given. Not subscribed to, so it carries no unsubscribe headers.
   */
  public Uni<Void> sendRequested(
      String to, String fromName, String replyTo, String subject, String html, String text) {
    Mail mail = Mail.withHtml(to, subject, html).setText(text).setFrom(from(fromName));
    if (replyTo != null) {
      mail.setReplyTo(replyTo);
    }
    if (mock) {
      // Nothing is delivered with the mock mailer (dev mode), so the link the email carries is
      // logged: without it an invited person could never join, nor a shopper sign in.
      return mailer
          .send(mail)
          .invoke(() -> Log.info("Mock email to " + to + ": " + subject + linkIn(text)));
    }
    return mailer.send(mail);
  }

  static String linkIn(String text) {
    java.util.regex.Matcher link =
        java.util.regex.Pattern.compile("https?://\\S+").matcher(text == null ? "" : text);
    return link.find() ? " (" + link.group() + ")" : "";
  }

  /** The one line a pretended email leaves in the log. */
  static String mockLine(Email email) {
    return "Mock email to " + email.to() + ": " + email.subject();
  }

  private String from(String name) {
    String clean = name == null ? "" : name.replace("\"", "").replace("\\", "").strip();
    return clean.isEmpty()
        ? config.email().fromAddress()
        : "\"" + clean + "\" <" + config.email().fromAddress() + ">";
  }
}
