package dev.waybill.tracking;

import dev.waybill.carriers.CarrierDirectory;
import dev.waybill.carriers.CarrierInfo;
import dev.waybill.orders.OrderRequests.Location;
import dev.waybill.orders.OrderViews.EventView;
import dev.waybill.orders.OrderViews.OrderSnapshot;
import dev.waybill.orders.OrderViews.PredictedDelivery;
import dev.waybill.orders.OrderViews.ShipmentSnapshot;
import dev.waybill.orders.OrderViews.ShipmentView;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TimelineStep;
import dev.waybill.shipping.TrackingStatus;
import dev.waybill.stores.Branding;
import dev.waybill.stores.StoreProfile;
import dev.waybill.tracking.TrackingView.Estimate;
import dev.waybill.tracking.TrackingView.Event;
import dev.waybill.tracking.TrackingView.Parcel;
import dev.waybill.tracking.TrackingView.Problem;
import dev.waybill.tracking.TrackingView.Step;
import dev.waybill.tracking.TrackingView.StepState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Turns an order's stored facts into the shopper's view: texts, timeline, delay and estimate. */
@ApplicationScoped
public class TrackingRenderer {

  private final StatusTexts texts;
  private final CarrierDirectory carriers;

  public TrackingRenderer(StatusTexts texts, CarrierDirectory carriers) {
    this.texts = texts;
    this.carriers = carriers;
  }

  /**
   * @param lang a supported language, or {@code null} for the order's (then the shopper's preferred
   *     one, then the store's)
   * @param preferred the supported language the shopper's browser prefers, or {@code null}
   * @param latestEvents events per shipment, or a negative number for all
   */
  public TrackingView render(
      OrderSnapshot order,
      StoreProfile store,
      String lang,
      String preferred,
      int latestEvents,
      String token,
      String trackingUrl,
      LocalDate today) {
    String language =
        lang != null
            ? lang
            : order.locale() != null
                ? StatusTexts.language(order.locale())
                : preferred != null ? preferred : StatusTexts.language(store.defaultLocale());
    List<Parcel> parcels =
        order.shipments().stream().map(s -> parcel(s, language, latestEvents, today)).toList();
    Branding b = store.branding();
    boolean cancelled = order.cancelledAt() != null;
    return new TrackingView(
        order.orderNumber(),
        token,
        trackingUrl,
        order.status(),
        cancelled
            ? texts.text(language, "order.cancelled.label")
            : texts.label(language, order.status()),
        order.placedAt(),
        language,
        order.items().stream()
            .map(i -> new TrackingView.Item(i.name(), i.sku(), i.quantity(), i.imageUrl()))
            .toList(),
        new TrackingView.Destination(
            order.shippingAddress().city(),
            order.shippingAddress().region(),
            order.shippingAddress().postalCode(),
            order.shippingAddress().country()),
        parcels,
        new TrackingView.StoreInfo(
            store.name(), b.logoUrl(), b.primaryColor(), b.accentColor(), b.customMessage()),
        new TrackingView.Support(b.supportEmail(), b.supportPhone(), b.supportUrl()),
        order.cancelledAt(),
        cancelled ? Boolean.TRUE : null,
        cancelled ? texts.text(language, "order.cancelled.notice") : null);
  }

  Parcel parcel(ShipmentSnapshot snapshot, String lang, int latestEvents, LocalDate today) {
    ShipmentView s = snapshot.shipment();
    TrackingStatus status = s.status();
    CarrierInfo carrier = carriers.info(s.carrier());
    // Running late by our own reckoning counts even when the carrier reports nothing wrong.
    boolean delayed = snapshot.atRisk() != null || delayed(s, today);
    List<EventView> events = snapshot.events();
    List<EventView> shown =
        latestEvents < 0 || events.size() <= latestEvents
            ? events
            : events.subList(0, latestEvents);
    return new Parcel(
        s.id(),
        carrier.code(),
        carrier.name(),
        s.trackingNumber(),
        carrier.link(s.trackingNumber(), s.carrierLink()),
        s.serviceLevel(),
        status,
        texts.label(lang, status),
        s.statusDetail(),
        delayed && !status.isProblem()
            ? texts.text(lang, "delayed.explanation") + " " + texts.next(lang, status)
            : texts.next(lang, status),
        whatToDo(lang, status, s.exceptionReason()),
        delayed,
        problem(lang, status, s.exceptionReason()),
        timeline(lang, status, events),
        estimate(s, snapshot.predicted()),
        s.shippedAt(),
        s.deliveredAt(),
        s.lastEventAt(),
        shown.stream().map(e -> event(lang, e)).toList(),
        events.size());
  }

  /**
   * Late when the expected day has passed without delivery, when the carrier now expects a later
   * day than promised, or when the latest exception is a delay.
   */
  static boolean delayed(ShipmentView s, LocalDate today) {
    if (s.status() == TrackingStatus.DELIVERED || s.status().isFinal()) {
      return false;
    }
    LocalDate expected =
        s.carrierEstimatedDelivery() != null ? s.carrierEstimatedDelivery() : s.promisedDelivery();
    if (expected != null && today.isAfter(expected)) {
      return true;
    }
    if (s.promisedDelivery() != null
        && s.carrierEstimatedDelivery() != null
        && s.carrierEstimatedDelivery().isAfter(s.promisedDelivery())) {
      return true;
    }
    return s.exceptionReason() != null && s.exceptionReason().isDelay();
  }

  /**
   * The five steps. The step reached is the furthest any event proved; a problem status marks that
   * step as PROBLEM instead of CURRENT.
   */
  List<Step> timeline(String lang, TrackingStatus status, List<EventView> events) {
    TimelineStep reached =
        Stream.concat(Stream.of(status), events.stream().map(EventView::status))
            .map(TrackingStatus::step)
            .filter(step -> step != null)
            .max(Enum::compareTo)
            .orElse(TimelineStep.PACKED);
    boolean delivered = status == TrackingStatus.DELIVERED;
    List<Step> steps = new ArrayList<>(TimelineStep.values().length);
    for (TimelineStep step : TimelineStep.values()) {
      StepState state;
      if (delivered || step.ordinal() < reached.ordinal()) {
        state = StepState.DONE;
      } else if (step == reached) {
        state = status.isProblem() ? StepState.PROBLEM : StepState.CURRENT;
      } else {
        state = StepState.UPCOMING;
      }
      steps.add(new Step(step, texts.label(lang, step), state));
    }
    return steps;
  }

  private Problem problem(String lang, TrackingStatus status, ExceptionReason reason) {
    if (reason == null && !status.isProblem()) {
      return null;
    }
    if (reason == null) {
      return new Problem(
          null,
          null,
          texts.label(lang, status),
          texts.next(lang, status),
          texts.action(lang, status));
    }
    String action = texts.action(lang, reason);
    return new Problem(
        reason,
        reason.party(),
        texts.label(lang, reason),
        texts.explanation(lang, reason),
        action != null ? action : texts.action(lang, status));
  }

  private String whatToDo(String lang, TrackingStatus status, ExceptionReason reason) {
    if (reason != null && texts.action(lang, reason) != null) {
      return texts.action(lang, reason);
    }
    return texts.action(lang, status);
  }

  /**
   * Waybill's own window when it has one, with the carrier's date beside it; otherwise the
   * carrier's or the store's date.
   */
  static Estimate estimate(ShipmentView s, PredictedDelivery predicted) {
    if (s.deliveredAt() != null) {
      return null;
    }
    if (predicted != null && !s.status().isFinal()) {
      return new Estimate(
          predicted.likely(),
          s.deliveryWindowStart(),
          s.deliveryWindowEnd(),
          s.promisedDelivery(),
          "waybill",
          predicted.earliest(),
          predicted.latest(),
          predicted.safe(),
          s.carrierEstimatedDelivery(),
          predicted.confidence());
    }
    LocalDate date =
        s.carrierEstimatedDelivery() != null ? s.carrierEstimatedDelivery() : s.promisedDelivery();
    if (date == null && s.deliveryWindowStart() == null) {
      return null;
    }
    return new Estimate(
        date,
        s.deliveryWindowStart(),
        s.deliveryWindowEnd(),
        s.promisedDelivery(),
        s.carrierEstimatedDelivery() != null ? "carrier" : "store");
  }

  private Event event(String lang, EventView e) {
    return new Event(
        e.occurredAt(),
        e.status(),
        texts.label(lang, e.status()),
        e.description(),
        place(e.location()));
  }

  private static String place(Location l) {
    if (l == null) {
      return null;
    }
    String s =
        Stream.of(l.city(), l.region(), l.country())
            .filter(p -> p != null && !p.isBlank())
            .collect(Collectors.joining(", "));
    return s.isEmpty() ? null : s;
  }
}
