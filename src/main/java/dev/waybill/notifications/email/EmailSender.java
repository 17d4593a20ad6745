package dev.waybill.notifications.email;

import dev.waybill.notifications.NotificationsConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Sends email through the reactive mailer, so no event-loop thread waits for SMTP. */
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

  public EmailSender(ReactiveMailer mailer, NotificationsConfig config) {
    this.mailer = mailer;
    this.config = config;
  }

  public Uni<Void> send(Email email) {
    Mail mail =
        Mail.withHtml(email.to(), email.subject(), email.html())
            .setText(email.text())
            .setFrom(from(email.fromName()))
            // RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe button.
            .addHeader("List-Unsubscribe", "<" + email.unsubscribeUrl() + ">")
            .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
            .addHeader("X-Waybill-Notification", email.messageId());
    if (email.replyTo() != null) {
      mail.setReplyTo(email.replyTo());
    }
    return mailer.send(mail);
  }

  private String from(String name) {
    String clean = name == null ? "" : name.replace("\"", "").replace("\\", "").strip();
    return clean.isEmpty()
        ? config.email().fromAddress()
        : "\"" + clean + "\" <" + config.email().fromAddress() + ">";
  }
}
