package dev.waybill.notifications;

import dev.waybill.shipping.TrackingStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The moments a shopper hears from the store. */
public enum Trigger {
  ORDER_CONFIRMED(false, false),
  SHIPPED(false, false),
  IN_TRANSIT(true, false),
  OUT_FOR_DELIVERY(true, true),
  DELIVERY_ATTEMPTED(true, true),
  AVAILABLE_FOR_PICKUP(true, true),
  DELIVERED(true, false),
  EXCEPTION(true, true),
  RETURNED_TO_SENDER(true, false),
  /** Falling behind with no carrier problem reported: the shopper hears before they ask. */
  DELAYED(false, false),
  /**
   * An agent's answer to the shopper's question: written by a person, sent once when asked for, and
   * never subject to a store's or a shopper's choice of updates.
   */
  SUPPORT_REPLY(false, false);

  /** The triggers that fire on their own, which stores and shoppers choose among. */
  public static final List<Trigger> AUTOMATIC =
      Arrays.stream(values()).filter(t -> t != SUPPORT_REPLY).toList();

  private final boolean milestone;
  private final boolean timeSensitive;

  Trigger(boolean milestone, boolean timeSensitive) {
    this.milestone = milestone;
    this.timeSensitive = timeSensitive;
  }

  /**
   * A step of the parcel's journey: a later one makes an unsent earlier one pointless, so only the
   * latest goes out.
   */
  public boolean milestone() {
    return milestone;
  }

  /** Worth a text message by default: the shopper may need to act today. */
  public boolean timeSensitive() {
    return timeSensitive;
  }

  /**
   * The trigger a new shipment status fires. Picked up and in transit are one milestone ("on its
   * way"), sent once; label and packing scans say nothing the shopper can use.
   */
  public static Optional<Trigger> of(TrackingStatus status) {
    return Optional.ofNullable(
        switch (status) {
          case PICKED_UP, IN_TRANSIT -> IN_TRANSIT;
          case OUT_FOR_DELIVERY -> OUT_FOR_DELIVERY;
          case DELIVERY_ATTEMPTED -> DELIVERY_ATTEMPTED;
          case AVAILABLE_FOR_PICKUP -> AVAILABLE_FOR_PICKUP;
          case DELIVERED -> DELIVERED;
          case EXCEPTION -> EXCEPTION;
          case RETURNED_TO_SENDER -> RETURNED_TO_SENDER;
          default -> null;
        });
  }
}
