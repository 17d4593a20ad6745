package dev.waybill.marketing;

import dev.waybill.carriers.CarrierDirectory;
import dev.waybill.carriers.CarrierInfo;
import dev.waybill.marketing.KlaviyoQueue.Pending;
import dev.waybill.notifications.MessageContext;
import dev.waybill.notifications.MessageContext.ShipmentData;
import dev.waybill.notifications.MessageTexts;
import dev.waybill.orders.OrderItem;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import dev.waybill.tracking.StatusTexts;
import dev.waybill.tracking.TrackingConfig;
import dev.waybill.tracking.TrackingTokens;
import dev.waybill.tracking.TrackingView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A milestone as Klaviyo's Create Event body (JSON:API): the metric named for the milestone, the
 * shopper's profile by email (else by phone), the time it happened, a {@code unique_id} so a repeat
 * is recorded once, and the properties a flow's message is written from, in the shopper's language
 * where they are words. See docs/klaviyo.md.
 */
@ApplicationScoped
public class KlaviyoEventBody {

  private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");

  private final StatusTexts statusTexts;
  private final MessageTexts messageTexts;
  private final CarrierDirectory carriers;
  private final TrackingTokens tokens;
  private final String trackingBase;

  public KlaviyoEventBody(
      StatusTexts statusTexts,
      MessageTexts messageTexts,
      CarrierDirectory carriers,
      TrackingTokens tokens,
      TrackingConfig tracking) {
    this.statusTexts = statusTexts;
    this.messageTexts = messageTexts;
    this.carriers = carriers;
    this.tokens = tokens;
    this.trackingBase = tracking.publicBaseUrl().replaceAll("/+$", "");
  }

  /**
   * The profile the event belongs to: the order's email, else its phone in E.164 form; null when it
   * has neither (an erased order, or one without contact details).
   */
  static JsonObject profile(MessageContext order) {
    if (order.email() != null && !order.email().isBlank()) {
      return new JsonObject().put("email", order.email());
    }
    String phone = order.phone() == null ? null : order.phone().replaceAll("[\\s().-]", "");
    if (phone != null && E164.matcher(phone).matches()) {
      return new JsonObject().put("phone_number", phone);
    }
    return null;
  }

  /** The request body; {@code profile} is from {@link #profile}. */
  JsonObject body(Pending p, MessageContext order, ShipmentData shipment, JsonObject profile) {
    JsonObject attributes =
        new JsonObject()
            .put("properties", properties(p, order, shipment))
            .put(
                "time",
                p.happenedAt()
                    .withOffsetSameInstant(ZoneOffset.UTC)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
            .put("unique_id", p.uniqueId())
            .put("metric", data("metric", new JsonObject().put("name", p.milestone().metric())))
            .put("profile", data("profile", profile));
    return new JsonObject()
        .put("data", new JsonObject().put("type", "event").put("attributes", attributes));
  }

  JsonObject properties(Pending p, MessageContext order, ShipmentData s) {
    String lang =
        StatusTexts.language(
            order.locale() != null ? order.locale() : order.store().defaultLocale());
    TrackingStatus status = status(p, s);
    JsonObject props = new JsonObject();
    put(props, "milestone", p.milestone().name().toLowerCase(Locale.ROOT));
    put(props, "order_number", order.orderNumber());
    put(props, "order_id", order.orderId().toString());
    put(props, "shipment_id", p.shipmentId().toString());
    put(props, "status", status == null ? null : status.name());
    String label;
    String text;
    if (p.milestone() == Milestone.DELAYED) {
      label = statusTexts.text(lang, "delayed.label");
      text = statusTexts.text(lang, "delayed.explanation");
      put(props, "delay_reason", p.reason());
    } else {
      label = status == null ? null : statusTexts.label(lang, status);
      text = happened(lang, p.milestone(), order);
    }
    ExceptionReason reason = p.milestone() == Milestone.EXCEPTION ? reason(p.reason()) : null;
    if (reason != null) {
      put(props, "exception_reason", reason.name());
      put(props, "exception_label", statusTexts.label(lang, reason));
      text = statusTexts.explanation(lang, reason);
    }
    put(props, "status_label", label);
    put(props, "status_text", text);
    if (s != null) {
      CarrierInfo carrier = carriers.info(s.carrier());
      put(props, "carrier", s.carrier());
      put(props, "carrier_name", carrier.name());
      put(props, "tracking_number", s.trackingNumber());
      put(props, "carrier_tracking_url", carrier.link(s.trackingNumber(), s.carrierLink()));
      if (p.milestone() != Milestone.DELIVERED && s.estimatedDelivery() != null) {
        put(props, "estimated_delivery", s.estimatedDelivery().toString());
        put(props, "promise_window_start", text(s.windowFrom()));
        put(props, "promise_window_end", text(s.windowTo()));
        put(
            props,
            "promise_window",
            statusTexts.estimate(
                lang,
                new TrackingView.Estimate(
                    s.estimatedDelivery(),
                    null,
                    null,
                    null,
                    null,
                    s.windowFrom(),
                    s.windowTo(),
                    null,
                    null,
                    null)));
      }
    }
    put(
        props,
        "tracking_url",
        trackingBase
            + "/t/"
            + tokens.issue(order.storeId(), order.orderNumber(), order.tokenVersion()));
    JsonArray items = new JsonArray();
    JsonArray names = new JsonArray();
    int count = 0;
    if (order.items() != null) {
      for (OrderItem i : order.items()) {
        int quantity = i.quantity() == null ? 1 : i.quantity();
        JsonObject item = new JsonObject();
        put(item, "name", i.name());
        put(item, "sku", i.sku());
        item.put("quantity", quantity);
        put(item, "image_url", i.imageUrl());
        items.add(item);
        names.add(i.name());
        count += quantity;
      }
    }
    props.put("items", items).put("item_names", names).put("item_count", count);
    put(props, "store_name", order.store().name());
    put(props, "language", lang);
    return props;
  }

  /** The status the milestone reported; a delay reports the parcel's status at sending. */
  private static TrackingStatus status(Pending p, ShipmentData s) {
    if (p.status() != null) {
      try {
        return TrackingStatus.valueOf(p.status());
      } catch (IllegalArgumentException e) {
        // an older vocabulary: fall back to the parcel's
      }
    }
    return s == null ? null : s.status();
  }

  /** The notification's own "what happened" line for the milestone, filled for this order. */
  private String happened(String lang, Milestone m, MessageContext order) {
    String line = messageTexts.text(lang, m.name() + ".happened");
    if (line == null) {
      return null;
    }
    String name = order.firstName();
    return line.replace("{name}", name)
        .replace("{order}", order.orderNumber())
        .replace("{store}", order.store().name() == null ? "" : order.store().name());
  }

  private static ExceptionReason reason(String value) {
    try {
      return value == null ? null : ExceptionReason.valueOf(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static JsonObject data(String type, JsonObject attributes) {
    return new JsonObject()
        .put("data", new JsonObject().put("type", type).put("attributes", attributes));
  }

  private static String text(Object o) {
    return o == null ? null : o.toString();
  }

  /** Leaves out what is unknown, rather than sending nulls a flow would print. */
  private static void put(JsonObject o, String key, String value) {
    if (value != null && !value.isBlank()) {
      o.put(key, value);
    }
  }
}
