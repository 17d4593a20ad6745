package dev.waybill.carriers.seventeentrack;

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
 * 17TRACK's tracking statuses (API v2.2, "Main status and sub-status"): each event's {@code
 * sub_status}, and the parcel's {@code latest_status.status} for a parcel without events. A
 * sub-status is the main status, an underscore and a detail ({@code InTransit_PickedUp}).
 */
public final class SeventeenTrackStatusTable {

  /** Sub-statuses, and the main statuses on their own. */
  public static final StatusTable STATUSES =
      StatusTable.of(
          Map.ofEntries(
              // Main statuses.
              entry("NotFound", to(UNKNOWN)),
              entry("InfoReceived", to(INFO_RECEIVED)),
              entry("InTransit", to(IN_TRANSIT)),
              entry("Expired", to(EXPIRED)),
              entry("AvailableForPickup", to(AVAILABLE_FOR_PICKUP)),
              entry("OutForDelivery", to(OUT_FOR_DELIVERY)),
              entry("DeliveryFailure", to(DELIVERY_ATTEMPTED)),
              entry("Delivered", to(DELIVERED)),
              entry("Exception", to(EXCEPTION)),
              // Sub-statuses.
              entry("NotFound_Other", to(UNKNOWN)),
              entry("NotFound_InvalidCode", to(UNKNOWN)),
              entry("InTransit_PickedUp", to(PICKED_UP)),
              entry("InTransit_Other", to(IN_TRANSIT)),
              entry("InTransit_Departure", to(IN_TRANSIT)),
              entry("InTransit_Arrival", to(IN_TRANSIT)),
              entry("InTransit_CustomsProcessing", to(IN_TRANSIT)),
              entry("InTransit_CustomsReleased", to(IN_TRANSIT)),
              entry(
                  "InTransit_CustomsRequiringInformation",
                  to(EXCEPTION, ExceptionReason.CUSTOMS_DOCUMENTS_NEEDED)),
              entry("Expired_Other", to(EXPIRED)),
              entry("AvailableForPickup_Other", to(AVAILABLE_FOR_PICKUP)),
              entry("OutForDelivery_Other", to(OUT_FOR_DELIVERY)),
              entry("DeliveryFailure_Other", to(DELIVERY_ATTEMPTED)),
              entry(
                  "DeliveryFailure_NoBody",
                  to(DELIVERY_ATTEMPTED, ExceptionReason.CONSIGNEE_NOT_HOME)),
              entry(
                  "DeliveryFailure_Security", to(DELIVERY_ATTEMPTED, ExceptionReason.CUSTOMS_HELD)),
              entry("DeliveryFailure_Rejected", to(EXCEPTION, ExceptionReason.CONSIGNEE_REFUSED)),
              entry(
                  "DeliveryFailure_InvalidAddress",
                  to(EXCEPTION, ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM)),
              entry("Delivered_Other", to(DELIVERED)),
              entry("Exception_Other", to(EXCEPTION, ExceptionReason.OTHER)),
              entry("Exception_Returning", to(RETURNED_TO_SENDER)),
              entry("Exception_Returned", to(RETURNED_TO_SENDER)),
              entry("Exception_NoBody", to(EXCEPTION, ExceptionReason.CONSIGNEE_NOT_HOME)),
              entry("Exception_Security", to(EXCEPTION, ExceptionReason.CUSTOMS_HELD)),
              entry("Exception_Damage", to(EXCEPTION, ExceptionReason.CARRIER_DAMAGED)),
              entry("Exception_Rejected", to(EXCEPTION, ExceptionReason.CONSIGNEE_REFUSED)),
              entry("Exception_Delayed", to(EXCEPTION, ExceptionReason.CARRIER_CAPACITY_DELAY)),
              entry("Exception_Lost", to(EXCEPTION, ExceptionReason.CARRIER_LOST)),
              entry("Exception_Destroyed", to(EXCEPTION, ExceptionReason.CARRIER_DAMAGED)),
              entry("Exception_Cancel", to(EXCEPTION, ExceptionReason.OTHER))));

  private SeventeenTrackStatusTable() {}
}
