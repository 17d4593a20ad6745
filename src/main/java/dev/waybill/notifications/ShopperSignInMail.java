package dev.waybill.notifications;

import dev.waybill.notifications.email.EmailSender;
import dev.waybill.stores.Branding;
import dev.waybill.stores.Theme;
import dev.waybill.tracking.shopper.SignInMail;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The email that signs a shopper in to see all their orders with a store, branded for the store and
 * in the shopper's language. It belongs to no order, so it is not in an order's notification log;
 * it is counted ({@code waybill.shopper.sign_in.emails}) and, in dev mode, logged as one line with
 * its link like every other email.
 */
@ApplicationScoped
public class ShopperSignInMail implements SignInMail {

  /** What the templates show. */
  public record SignInMessage(
      String lang,
      String subject,
      String headline,
      String intro,
      String button,
      String codeLabel,
      String code,
      String expires,
      String ignore,
      String link,
      String storeName,
      String logoUrl,
      Theme theme) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance email(SignInMessage m);

    static native TemplateInstance text(SignInMessage m);
  }

  private final MessageTexts texts;
  private final EmailSender email;
  private final Counter sent;

  public ShopperSignInMail(MessageTexts texts, EmailSender email, MeterRegistry metrics) {
    this.texts = texts;
    this.email = email;
    this.sent = metrics.counter("waybill.shopper.sign_in.emails");
  }

  @Override
  public Uni<Void> send(SignInEmail request) {
    SignInMessage m = message(request);
    Branding branding = request.store().branding();
    return email
        .sendRequested(
            request.to(),
            request.store().name(),
            branding == null ? null : branding.supportEmail(),
            m.subject(),
            Templates.email(m).render(),
            Templates.text(m).render())
        .invoke(() -> sent.increment());
  }

  SignInMessage message(SignInEmail request) {
    String lang = request.language();
    String store = request.store().name();
    Branding branding = request.store().branding();
    // Grouped in fours, as people read a code out; either way is accepted.
    String code = request.code().substring(0, 4) + " " + request.code().substring(4);
    return new SignInMessage(
        lang,
        fill(texts.text(lang, "signIn.subject"), store),
        fill(texts.text(lang, "signIn.headline"), store),
        texts.text(lang, "signIn.intro"),
        texts.text(lang, "signIn.button"),
        texts.text(lang, "signIn.code"),
        code,
        texts.text(lang, "signIn.expires").replace("{minutes}", Long.toString(request.minutes())),
        texts.text(lang, "signIn.ignore"),
        request.link(),
        store,
        branding == null ? null : branding.logoUrl(),
        Theme.of(
            branding == null ? null : branding.primaryColor(),
            branding == null ? null : branding.accentColor()));
  }

  private static String fill(String text, String store) {
    return text.replace("{store}", store);
  }
}
