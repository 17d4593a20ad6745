package dev.waybill.carriers.aftership;

import static dev.waybill.carriers.spi.StatusTable.to;
import static dev.waybill.shipping.TrackingStatus.AVAILABLE_FOR_PICKUP;
import static dev.waybill.shipping.TrackingStatus.DELIVERED;
import static dev.waybill.shipping.TrackingStatus.DELIVERY_ATTEMPTED;
import static dev.waybill.shipping.TrackingStatus.EXCEPTION;
import static dev.waybill.shipping.TrackingStatus.EXPIRED;
import static dev.waybill.shipping.TrackingStatus.INFO_RECEIVED;
import static dev.waybill.shipping.TrackingStatus.IN_TRANSIT;
import static dev.waybill.shipping.TrackingStatus.OUT_FOR_DELIVERY;
import static dev.waybill.shipping.TrackingStatus.PICKED_UP;
import static dev.waybill.shipping.TrackingStatus.RETURNED_TO_SENDER;
import static dev.waybill.shipping.TrackingStatus.UNKNOWN;
import static java.util.Map.entry;

import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ExceptionReason;
import java.util.Map;

/**
 * AfterShip's delivery statuses ({@code tag}) and sub-statuses ({@code subtag}), as sent on a
 * tracking and on each checkpoint. The values are AfterShip's "Delivery Statuses" and "Delivery
 * Sub-statuses" (Tracking API reference), plus the sub-statuses AfterShip added on 27 March 2026
 * ({@code Delivered_005}, {@code Exception_016} to {@code Exception_021}).
 *
 * <p>The sub-status decides when it is known; otherwise the status does, so a sub-status AfterShip
 * adds later still maps by its status. A reason is given only where the sub-status names a cause
 * Waybill has a reason for.
 */
public final class AftershipStatusTable {

  /** Statuses and sub-statuses; they can share one table, sub-statuses end in a number. */
  public static final StatusTable TABLE =
      StatusTable.of(
          Map.ofEntries(
              // Delivery statuses (tag).
              // AfterShip has nothing from the carrier yet: that says nothing about the parcel.
              entry("Pending", to(UNKNOWN)),
              entry("InfoReceived", to(INFO_RECEIVED)),
              entry("InTransit", to(IN_TRANSIT)),
              entry("OutForDelivery", to(OUT_FOR_DELIVERY)),
              entry("AttemptFail", to(DELIVERY_ATTEMPTED)),
              entry("AvailableForPickup", to(AVAILABLE_FOR_PICKUP)),
              entry("Delivered", to(DELIVERED)),
              entry("Exception", to(EXCEPTION)),
              entry("Expired", to(EXPIRED)),
              // Sub-statuses (subtag).
              entry("Pending_001", to(UNKNOWN)), // No information from the carrier yet
              entry("Pending_002", to(UNKNOWN)),
              entry("Pending_003", to(UNKNOWN)),
              entry("Pending_004", to(UNKNOWN)),
              entry("Pending_005", to(UNKNOWN)),
              entry("Pending_006", to(UNKNOWN)),
              entry("InfoReceived_001", to(INFO_RECEIVED)), // Info received
              entry("InTransit_001", to(IN_TRANSIT)), // In transit
              entry("InTransit_002", to(PICKED_UP)), // Acceptance scan
              entry("InTransit_003", to(IN_TRANSIT)), // Arrival scan
              entry("InTransit_004", to(IN_TRANSIT)), // Arrived at destination country
              entry("InTransit_005", to(IN_TRANSIT)), // Customs clearance completed
              entry("InTransit_006", to(IN_TRANSIT)), // Customs clearance started
              entry("InTransit_007", to(IN_TRANSIT)), // Departure scan
              entry("InTransit_008", to(IN_TRANSIT)), // Problem resolved
              entry("InTransit_009", to(IN_TRANSIT)), // Forwarded to a different address
              entry("OutForDelivery_001", to(OUT_FOR_DELIVERY)), // Out for delivery
              entry("OutForDelivery_003", to(OUT_FOR_DELIVERY)), // Customer contacted
              entry("OutForDelivery_004", to(OUT_FOR_DELIVERY)), // Delivery appointment scheduled
              entry("AttemptFail_001", to(DELIVERY_ATTEMPTED)), // Failed attempt
              entry(
                  "AttemptFail_002", // Addressee not available
                  to(DELIVERY_ATTEMPTED, ExceptionReason.CONSIGNEE_NOT_HOME)),
              entry(
                  "AttemptFail_003", // Business closed
                  to(DELIVERY_ATTEMPTED, ExceptionReason.CONSIGNEE_NOT_HOME)),
              entry("AvailableForPickup_001", to(AVAILABLE_FOR_PICKUP)), // Available for pickup
              entry("Delivered_001", to(DELIVERED)), // Delivered
              entry("Delivered_002", to(DELIVERED)), // Picked up by the customer
              entry("Delivered_003", to(DELIVERED)), // Sign by customer
              entry("Delivered_004", to(DELIVERED)), // Delivered and received cash on delivery
              entry("Delivered_005", to(DELIVERED)), // Delivered to neighbor
              entry("Exception_001", to(EXCEPTION)), // Exception
              entry(
                  "Exception_002", // Customer moved
                  to(EXCEPTION, ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM)),
              entry(
                  "Exception_003", // Customer refused delivery
                  to(EXCEPTION, ExceptionReason.CONSIGNEE_REFUSED)),
              entry(
                  "Exception_004", // Delayed (customs clearance)
                  to(EXCEPTION, ExceptionReason.CUSTOMS_HELD)),
              entry("Exception_005", to(EXCEPTION)), // Delayed (external factors)
              entry("Exception_006", to(EXCEPTION)), // Held for payment
              entry(
                  "Exception_007", // Incorrect address
                  to(EXCEPTION, ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM)),
              entry("Exception_008", to(EXCEPTION)), // Pick up missed
              entry("Exception_009", to(EXCEPTION)), // Rejected by carrier
              entry("Exception_010", to(RETURNED_TO_SENDER)), // Returning to sender
              entry("Exception_011", to(RETURNED_TO_SENDER)), // Returned to sender
              entry(
                  "Exception_012", // Shipment damage
                  to(EXCEPTION, ExceptionReason.CARRIER_DAMAGED)),
              entry(
                  "Exception_013", // Shipment lost
                  to(EXCEPTION, ExceptionReason.CARRIER_LOST)),
              entry(
                  "Exception_016", // Delayed (processing issue in the carrier's network)
                  to(EXCEPTION, ExceptionReason.CARRIER_CAPACITY_DELAY)),
              entry(
                  "Exception_017", // Delayed (extreme weather)
                  to(EXCEPTION, ExceptionReason.FORCE_MAJEURE_WEATHER)),
              entry(
                  "Exception_018", // Incorrect or missing documents
                  to(EXCEPTION, ExceptionReason.CUSTOMS_DOCUMENTS_NEEDED)),
              entry(
                  "Exception_019", // Delayed (late flight)
                  to(EXCEPTION, ExceptionReason.CARRIER_CAPACITY_DELAY)),
              entry("Exception_020", to(EXCEPTION)), // Shipment cancelled
              entry("Exception_021", to(EXCEPTION)), // Shipment disposed
              entry("Expired_001", to(EXPIRED)) // No tracking information for 30 days
              ));

  private AftershipStatusTable() {}

  /**
   * Waybill's status and reason for one {@code tag} and {@code subtag} (either may be {@code
   * null}): the sub-status when the table knows it, else the status, else {@code UNKNOWN}.
   */
  public static StatusTable.Mapping map(String tag, String subtag) {
    return TABLE.knows(subtag) ? TABLE.map(subtag) : TABLE.map(tag);
  }

  /** The code kept on each event: the sub-status, which names its status too, or the status. */
  static String code(String tag, String subtag) {
    return subtag != null ? subtag : tag;
  }
}
