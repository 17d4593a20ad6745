package dev.waybill.marketing;

import dev.waybill.orders.OutboxSubscriber.Event;
import java.util.Locale;
import java.util.Optional;

/**
 * The moments of a parcel's journey a marketing tool hears about, each a metric of its own so a
 * flow can start on exactly one of them.
 */
public enum Milestone {
  /** The store handed the parcel to a carrier: a shipment with a tracking number arrived. */
  SHIPPED("Waybill Shipment Shipped"),
  OUT_FOR_DELIVERY("Waybill Shipment Out For Delivery"),
  DELIVERED("Waybill Shipment Delivered"),
  /** Falling behind with no carrier problem reported (once per episode of lateness). */
  DELAYED("Waybill Shipment Delayed"),
  /** The carrier reported a problem. */
  EXCEPTION("Waybill Shipment Exception");

  private final String metric;

  Milestone(String metric) {
    this.metric = metric;
  }

  /** The Klaviyo metric name, under which flows find the event. */
  public String metric() {
    return metric;
  }

  /** The milestone an outbox event is, if any. */
  static Optional<Milestone> of(Event e) {
    return Optional.ofNullable(
        switch (e.topic()) {
          case "shipment.created" -> SHIPPED;
          case "shipment.at_risk" -> DELAYED;
          case "shipment.status_changed" ->
              switch (String.valueOf(e.payload().getString("status"))) {
                case "OUT_FOR_DELIVERY" -> OUT_FOR_DELIVERY;
                case "DELIVERED" -> DELIVERED;
                case "EXCEPTION" -> EXCEPTION;
                default -> null;
              };
          default -> null;
        });
  }

  /**
   * What makes the milestone one event to Klaviyo ({@code unique_id}), the same however often it is
   * sent: the shipment and its status change, its lateness episode, or its creation.
   */
  static String uniqueId(Milestone m, Event e) {
    String base = "waybill:" + e.aggregateId() + ":" + m.name().toLowerCase(Locale.ROOT);
    return switch (m) {
      case SHIPPED -> base;
      case DELAYED -> base + ":" + e.payload().getInteger("episode", 0);
      default -> base + ":" + e.sequence();
    };
  }

  /** The milestone by its name, in any case; empty for none. */
  static Optional<Milestone> named(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
