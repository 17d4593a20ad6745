package dev.waybill.shipping;

import java.util.Collection;

/** An order's overall status, derived from its shipments'. */
public final class OrderStatus {

  private OrderStatus() {}

  /**
   * A problem on any parcel wins, then the least advanced parcel, because the order is only as far
   * along as its slowest part.
   */
  public static TrackingStatus of(Collection<TrackingStatus> shipments) {
    if (shipments.isEmpty()) {
      return TrackingStatus.ORDER_RECEIVED;
    }
    TrackingStatus least = null;
    for (TrackingStatus s : shipments) {
      if (s.isProblem()) {
        return s;
      }
      if (s.step() != null && (least == null || s.step().ordinal() < least.step().ordinal())) {
        least = s;
      }
    }
    return least == null ? TrackingStatus.UNKNOWN : least;
  }
}
