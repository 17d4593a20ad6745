package dev.waybill.notifications;

import dev.waybill.carriers.CarrierDirectory;
import dev.waybill.carriers.CarrierInfo;
import dev.waybill.feedback.FeedbackLinks;
import dev.waybill.feedback.Ratings;
import dev.waybill.notifications.Message.Brand;
import dev.waybill.notifications.Message.Item;
import dev.waybill.notifications.Message.Labels;
import dev.waybill.notifications.MessageContext.ShipmentData;
import dev.waybill.orders.OrderItem;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import dev.waybill.stores.Theme;
import dev.waybill.tracking.StatusTexts;
import dev.waybill.tracking.TrackingConfig;
import dev.waybill.tracking.TrackingTokens;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a trigger and its order into a message: what happened, what happens next and what to do, in
 * the shopper's language (the order's locale, else the store's), branded for the store.
 */
@ApplicationScoped
public class Composer {

  @CheckedTemplate(basePath = "notifications")
  static class Templates {
    static native TemplateInstance email(Message m);

    static native TemplateInstance text(Message m);

    static native TemplateInstance sms(Message m);

    static native TemplateInstance reply(Written m);
  }

  /**
   * A message a person wrote, laid out in the store's branding: its paragraphs as written, then how
   * to reach the store.
   */
  public record Written(
      String lang, String subject, List<String> paragraphs, Brand brand, Labels labels) {}

  /** A message in all its forms. */
  public record Rendered(String lang, String subject, String html, String text, String sms) {}

  private final MessageTexts texts;
  private final StatusTexts statusTexts;
  private final TrackingTokens tokens;
  private final PreferenceLinks links;
  private final CarrierDirectory carriers;
  private final FeedbackLinks feedbackLinks;
  private final String trackingBase;

  public Composer(
      MessageTexts texts,
      StatusTexts statusTexts,
      TrackingTokens tokens,
      PreferenceLinks links,
      CarrierDirectory carriers,
      FeedbackLinks feedbackLinks,
      TrackingConfig tracking) {
    this.texts = texts;
    this.statusTexts = statusTexts;
    this.tokens = tokens;
    this.links = links;
    this.carriers = carriers;
    this.feedbackLinks = feedbackLinks;
    this.trackingBase = PreferenceLinks.stripSlash(tracking.publicBaseUrl());
  }

  /**
   * Renders the message for a trigger. {@code reason} is the exception reason the status change
   * carried (the shipment may have moved on since).
   */
  public Rendered render(Trigger trigger, MessageContext c, ExceptionReason reason) {
    Message m = message(trigger, c, reason);
    return new Rendered(
        m.lang(),
        m.subject(),
        Templates.email(m).render(),
        Templates.text(m).render(),
        Templates.sms(m).render().strip());
  }

  /** Lays out what a person wrote: HTML in the store's branding, and the words as written. */
  public Rendered renderReply(MessageContext c, AgentMessages.Content content) {
    String lang =
        StatusTexts.language(
            content.locale() != null
                ? content.locale()
                : c.locale() != null ? c.locale() : c.store().defaultLocale());
    List<String> paragraphs = new ArrayList<>();
    for (String p : content.body().strip().split("\\R\\s*\\R")) {
      if (!p.isBlank()) {
        paragraphs.add(p.strip());
      }
    }
    Written w = new Written(lang, content.subject(), paragraphs, brand(c), labels(lang, c));
    String text = content.body().strip() + "\n";
    return new Rendered(lang, content.subject(), Templates.reply(w).render(), text, text);
  }

  Message message(Trigger trigger, MessageContext c, ExceptionReason reason) {
    String lang = StatusTexts.language(c.locale() != null ? c.locale() : c.store().defaultLocale());
    String happened = fill(texts.text(lang, trigger + ".happened"), c);
    String next = texts.text(lang, trigger + ".next");
    String todo = texts.text(lang, trigger + ".todo");
    TrackingStatus status = status(trigger);
    // Shipment triggers reuse the tracking page's plain-language texts unless they say otherwise.
    if (status != null) {
      if (next == null) {
        next = statusTexts.next(lang, status);
      }
      if (todo == null) {
        todo = statusTexts.action(lang, status);
      }
    }
    ShipmentData s = c.shipment();
    String estimateLabel = texts.text(lang, "label.estimate");
    String estimate = null;
    if (s != null && s.estimatedDelivery() != null && status != TrackingStatus.DELIVERED) {
      DateTimeFormatter dates =
          DateTimeFormatter.ofPattern(
              texts.text(lang, "date.pattern"), Locale.forLanguageTag(lang));
      estimate =
          s.windowFrom() != null && s.windowTo() != null && s.windowTo().isAfter(s.windowFrom())
              ? s.windowFrom().format(dates) + " – " + s.windowTo().format(dates)
              : s.estimatedDelivery().format(dates);
    }
    if (trigger == Trigger.EXCEPTION) {
      ExceptionReason r = reason != null ? reason : s == null ? null : s.reason();
      if (r != null) {
        happened = statusTexts.label(lang, r) + ": " + statusTexts.explanation(lang, r);
        String action = statusTexts.action(lang, r);
        if (action != null) {
          todo = action;
        }
      }
      estimateLabel = texts.text(lang, "label.newEstimate");
      if (estimate == null) {
        next = next + " " + texts.text(lang, "label.noEstimate");
      }
    }
    if (trigger == Trigger.DELAYED) {
      estimateLabel = texts.text(lang, "label.newEstimate");
      if (estimate == null) {
        next = next + " " + texts.text(lang, "label.noEstimate");
      }
    }
    if (trigger == Trigger.ORDER_CONFIRMED
        || trigger == Trigger.DELIVERED
        || trigger == Trigger.RETURNED_TO_SENDER) {
      estimate = null;
    }
    List<Item> items = new ArrayList<>();
    if (c.items() != null) {
      for (OrderItem i : c.items()) {
        items.add(new Item(i.name(), i.quantity() == null ? 1 : i.quantity(), i.imageUrl()));
      }
    }
    String trackingUrl =
        trackingBase + "/t/" + tokens.issue(c.storeId(), c.orderNumber(), c.tokenVersion());
    return new Message(
        lang,
        fill(texts.text(lang, trigger + ".subject"), c),
        fill(texts.text(lang, trigger + ".headline"), c),
        happened,
        next,
        todo,
        estimateLabel,
        estimate,
        texts.text(lang, "label.order"),
        c.orderNumber(),
        texts.text(lang, "label.items"),
        texts.text(lang, "label.quantity"),
        items,
        trackingUrl,
        texts.text(lang, "label.track"),
        parcel(lang, s),
        labels(lang, c),
        brand(c),
        links.manageUrl(c.orderId()),
        links.unsubscribeUrl(c.orderId(), Channel.EMAIL),
        trigger == Trigger.DELIVERED ? feedback(lang, s, trackingUrl) : null);
  }

  /** The delivery question of the delivered email, one signed link per star. */
  private Message.Feedback feedback(String lang, ShipmentData s, String trackingUrl) {
    if (s == null || s.id() == null) {
      return null;
    }
    List<Message.Star> stars = new ArrayList<>();
    for (int n = Ratings.MIN; n <= Ratings.MAX; n++) {
      stars.add(
          new Message.Star(
              n,
              "★".repeat(n) + "☆".repeat(Ratings.MAX - n),
              texts.text(lang, "label.rating" + n),
              feedbackLinks.url(s.id(), n)));
    }
    return new Message.Feedback(
        texts.text(lang, "label.feedbackQuestion"),
        texts.text(lang, "label.feedbackHint"),
        stars,
        texts.text(lang, "label.notReceived"),
        trackingUrl + "/help?type=DELIVERED_NOT_RECEIVED&parcel=" + s.id());
  }

  private static Brand brand(MessageContext c) {
    Theme theme = Theme.of(c.store().primaryColor(), c.store().accentColor());
    return new Brand(
        c.store().name(),
        c.store().logoUrl(),
        theme.primary(),
        theme.onPrimary(),
        theme.accent(),
        theme.onAccent(),
        c.store().supportEmail(),
        c.store().supportPhone(),
        c.store().supportUrl(),
        c.store().customMessage());
  }

  private Labels labels(String lang, MessageContext c) {
    return new Labels(
        texts.text(lang, "label.happened"),
        texts.text(lang, "label.next"),
        texts.text(lang, "label.todo"),
        texts.text(lang, "label.help"),
        texts.text(lang, "label.email"),
        texts.text(lang, "label.phone"),
        texts.text(lang, "label.helpCenter"),
        texts.text(lang, "label.manage"),
        texts.text(lang, "label.unsubscribe"),
        fill(texts.text(lang, "label.why"), c),
        texts.text(lang, "label.smsStop"));
  }

  /** The parcel with its carrier's name and link, as the tracking page shows them. */
  private Message.Parcel parcel(String lang, ShipmentData s) {
    if (s == null || s.carrier() == null || s.trackingNumber() == null) {
      return null;
    }
    CarrierInfo carrier = carriers.info(s.carrier());
    return new Message.Parcel(
        texts.text(lang, "label.parcel"),
        carrier.name(),
        s.trackingNumber(),
        carrier.link(s.trackingNumber(), s.carrierLink()));
  }

  /** The one-click unsubscribe target for a channel. */
  public String unsubscribeUrl(java.util.UUID orderId, Channel channel) {
    return links.unsubscribeUrl(orderId, channel);
  }

  /** The status whose plain-language texts a shipment trigger reuses. */
  static TrackingStatus status(Trigger trigger) {
    return switch (trigger) {
      case ORDER_CONFIRMED, SHIPPED -> null;
      case IN_TRANSIT -> TrackingStatus.IN_TRANSIT;
      case OUT_FOR_DELIVERY -> TrackingStatus.OUT_FOR_DELIVERY;
      case DELIVERY_ATTEMPTED -> TrackingStatus.DELIVERY_ATTEMPTED;
      case AVAILABLE_FOR_PICKUP -> TrackingStatus.AVAILABLE_FOR_PICKUP;
      case DELIVERED -> TrackingStatus.DELIVERED;
      case EXCEPTION -> TrackingStatus.EXCEPTION;
      case RETURNED_TO_SENDER -> TrackingStatus.RETURNED_TO_SENDER;
      case DELAYED, SUPPORT_REPLY -> null;
    };
  }

  private static String fill(String template, MessageContext c) {
    if (template == null) {
      return null;
    }
    String name = c.firstName();
    return template
        .replace("{name}", name.isEmpty() ? "" : name)
        .replace("{order}", c.orderNumber())
        .replace("{store}", c.store().name());
  }
}
