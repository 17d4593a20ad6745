package dev.waybill.notifications;

import dev.waybill.notifications.Composer.Rendered;
import dev.waybill.notifications.MessageContext.ShipmentData;
import dev.waybill.notifications.MessageContext.StoreData;
import dev.waybill.notifications.NotificationViews.Preview;
import dev.waybill.notifications.NotificationViews.PreviewRequest;
import dev.waybill.orders.OrderItem;
import dev.waybill.platform.errors.Problems;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import dev.waybill.stores.StoreDirectory;
import dev.waybill.stores.StoreProfile;
import dev.waybill.tracking.StatusTexts;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Renders any message with sample data or a real order's, exactly as it would be sent. */
@ApplicationScoped
public class Previews {

  private final Composer composer;
  private final Contexts contexts;
  private final StoreDirectory stores;

  public Previews(Composer composer, Contexts contexts, StoreDirectory stores) {
    this.composer = composer;
    this.contexts = contexts;
    this.stores = stores;
  }

  public Uni<Preview> preview(UUID storeId, PreviewRequest r) {
    Trigger trigger = trigger(r.trigger());
    String locale =
        r.locale() == null || r.locale().isBlank() ? null : StatusTexts.language(r.locale());
    Uni<MessageContext> context =
        r.orderNumber() == null || r.orderNumber().isBlank()
            ? stores.profile(storeId).map(p -> sample(p, trigger))
            : contexts
                .byNumber(storeId, r.orderNumber())
                .map(
                    c -> {
                      if (c == null) {
                        throw new Problems.NotFound("No order " + r.orderNumber());
                      }
                      return c;
                    });
    return context.map(
        c -> {
          MessageContext ctx = locale == null ? c : withLocale(c, locale);
          ExceptionReason reason = ctx.shipment() == null ? null : ctx.shipment().reason();
          if (trigger == Trigger.EXCEPTION && reason == null) {
            reason = ExceptionReason.FORCE_MAJEURE_WEATHER;
          }
          Rendered m = composer.render(trigger, ctx, reason);
          return new Preview(trigger.name(), m.lang(), m.subject(), m.html(), m.text(), m.sms());
        });
  }

  static Trigger trigger(String value) {
    try {
      Trigger t = Trigger.valueOf(value.strip());
      if (!Trigger.AUTOMATIC.contains(t)) {
        throw new IllegalArgumentException(t + " is written by a person");
      }
      return t;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new Problems.Invalid(
          "trigger",
          "must be one of "
              + String.join(", ", Trigger.AUTOMATIC.stream().map(Enum::name).toList()));
    }
  }

  private static MessageContext sample(StoreProfile p, Trigger trigger) {
    var b = p.branding();
    StoreData store =
        new StoreData(
            p.name(),
            b == null ? null : b.logoUrl(),
            b == null ? null : b.primaryColor(),
            b == null ? null : b.accentColor(),
            b == null ? null : b.supportEmail(),
            b == null ? null : b.supportPhone(),
            b == null ? null : b.supportUrl(),
            b == null ? null : b.customMessage(),
            p.defaultLocale(),
            p.timeZone());
    TrackingStatus status =
        Composer.status(trigger) == null ? TrackingStatus.INFO_RECEIVED : Composer.status(trigger);
    ShipmentData shipment =
        new ShipmentData(
            new UUID(0, 1),
            "ups",
            "1Z999AA10123456784",
            status,
            trigger == Trigger.EXCEPTION ? ExceptionReason.FORCE_MAJEURE_WEATHER : null,
            // Sample estimates agree with the status: today once the parcel is on the van.
            trigger == Trigger.OUT_FOR_DELIVERY || trigger == Trigger.DELIVERY_ATTEMPTED
                ? LocalDate.now(ZoneOffset.UTC)
                : LocalDate.now(ZoneOffset.UTC).plusDays(2),
            null,
            null,
            null);
    return new MessageContext(
        new UUID(0, 2),
        p.id(),
        "SAMPLE-1001",
        "Ada Lovelace",
        "ada@example.com",
        "+4915112345678",
        p.defaultLocale(),
        p.timeZone(),
        true,
        true,
        List.of(
            new OrderItem("Trail Runner 2", "TR2-42", 1, "https://placehold.co/128x128.png"),
            new OrderItem("Merino Running Socks", "MRS-M", 2, null)),
        1,
        store,
        trigger == Trigger.ORDER_CONFIRMED ? null : shipment);
  }

  private static MessageContext withLocale(MessageContext c, String locale) {
    return new MessageContext(
        c.orderId(),
        c.storeId(),
        c.orderNumber(),
        c.customerName(),
        c.email(),
        c.phone(),
        locale,
        c.timeZone(),
        c.notifyEmail(),
        c.notifySms(),
        c.items(),
        c.tokenVersion(),
        c.store(),
        c.shipment());
  }
}
