package dev.waybill.notifications;

import dev.waybill.notifications.Composer.Rendered;
import dev.waybill.notifications.MessageQueue.Claimed;
import dev.waybill.notifications.email.EmailSender;
import dev.waybill.notifications.sms.SmsSender;
import dev.waybill.platform.concurrency.Background;
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
  private final Background background;

  public MessageSender(Composer composer, EmailSender email, SmsSender sms, Background background) {
    this.composer = composer;
    this.email = email;
    this.sms = sms;
    this.background = background;
  }

  /**
   * Rendering three templates is the costliest step of a message: it runs off the event loop, which
   * serves shoppers' requests too.
   */
  Uni<Sent> send(Claimed c, MessageContext ctx, String address) {
    boolean reply = c.trigger() == Trigger.SUPPORT_REPLY;
    return background
        .compute(
            () ->
                reply
                    ? composer.renderReply(ctx, c.content())
                    : composer.render(c.trigger(), ctx, c.reason()))
        .chain(r -> send(c, ctx, address, r));
  }

  private Uni<Sent> send(Claimed c, MessageContext ctx, String address, Rendered r) {
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
                  // A person's answer to the shopper's own question has nothing to unsubscribe
                  // from.
                  c.trigger() == Trigger.SUPPORT_REPLY
                      ? null
                      : composer.unsubscribeUrl(ctx.orderId(), Channel.EMAIL),
                  c.id().toString()))
          .replaceWith(new Sent(r.subject(), null));
    }
    return sms.send(address, r.sms())
        .map(id -> new Sent(r.sms(), id == null || id.isEmpty() ? null : id));
  }
}
