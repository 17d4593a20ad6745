package dev.waybill.shipping;

/**
 * The one status vocabulary. Every carrier code and merchant event maps to one of these; the
 * timeline step says where it sits on the shopper's five-step progress bar.
 */
public enum TrackingStatus {
  ORDER_RECEIVED(TimelineStep.ORDERED, false),
  PACKED(TimelineStep.PACKED, false),
  INFO_RECEIVED(TimelineStep.PACKED, false),
  PICKED_UP(TimelineStep.SHIPPED, false),
  IN_TRANSIT(TimelineStep.SHIPPED, false),
  OUT_FOR_DELIVERY(TimelineStep.OUT_FOR_DELIVERY, false),
  DELIVERY_ATTEMPTED(TimelineStep.OUT_FOR_DELIVERY, true),
  AVAILABLE_FOR_PICKUP(TimelineStep.OUT_FOR_DELIVERY, false),
  DELIVERED(TimelineStep.DELIVERED, false),
  EXCEPTION(null, true),
  RETURNED_TO_SENDER(null, true),
  EXPIRED(null, true),
  UNKNOWN(null, false);

  private final TimelineStep step;
  private final boolean problem;

  TrackingStatus(TimelineStep step, boolean problem) {
    this.step = step;
    this.problem = problem;
  }

  /**
   * The timeline step this status proves was reached, or {@code null} when it says nothing about
   * progress (an exception keeps the step reached before it).
   */
  public TimelineStep step() {
    return step;
  }

  /** Whether the shopper should see a warning state rather than normal progress. */
  public boolean isProblem() {
    return problem;
  }

  /** No more carrier updates are expected. */
  public boolean isFinal() {
    return this == DELIVERED || this == RETURNED_TO_SENDER || this == EXPIRED;
  }
}
