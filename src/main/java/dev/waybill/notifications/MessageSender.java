package dev.waybill.notifications;

import dev.waybill.notifications.Composer.Rendered;
import dev.waybill.notifications.MessageQueue.Claimed;
import dev.waybill.notifications.email.EmailSender;
import dev.waybill.notifications.sms.SmsSender;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders a claimed message and hands it to the mail server or the SMS provider. */
@ApplicationScoped
public class MessageSender {

  /** What went out: the subject (or the text, for SMS) and the provider's id, if it gave one. */
  record Sent(String subject, String providerId) {}

  private final Composer composer;
  private final EmailSender email;
  private final SmsSender sms;

  public MessageSender(Composer composer, EmailSender email, SmsSender sms) {
    this.composer = composer;
    this.email = email;
    this.sms = sms;
  }

  Uni<Sent> send(Claimed c, MessageContext ctx, String address) {
    if (c.trigger() == Trigger.SUPPORT_REPLY) {
      Rendered r = composer.renderReply(ctx, c.content());
      return email
          .send(
              new EmailSender.Email(
                  address,
                  ctx.store().name(),
                  ctx.store().supportEmail(),
                  r.subject(),
                  r.html(),
                  r.text(),
                  null,
                  c.id().toString()))
          .replaceWith(new Sent(r.subject(), null));
    }
    Rendered r = composer.render(c.trigger(), ctx, c.reason());
    if (c.channel() == Channel.EMAIL) {
      return email
          .send(
              new EmailSender.Email(
                  address,
                  ctx.store().name(),
                  ctx.store().supportEmail(),
                  r.subject(),
                  r.html(),
                  r.text(),
                  composer.unsubscribeUrl(ctx.orderId(), Channel.EMAIL),
                  c.id().toString()))
          .replaceWith(new Sent(r.subject(), null));
    }
    return sms.send(address, r.sms())
        .map(id -> new Sent(r.sms(), id == null || id.isEmpty() ? null : id));
  }
}
