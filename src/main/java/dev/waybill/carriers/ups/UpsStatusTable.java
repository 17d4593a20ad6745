package dev.waybill.carriers.ups;

import static dev.waybill.carriers.spi.StatusTable.to;

import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import java.util.HashMap;
import java.util.Map;

/**
 * What UPS's activity statuses mean. Each activity carries two codes, looked up in this order:
 *
 * <ol>
 *   <li>{@code status.statusCode}, three digits (UPS's "status description code", e.g. {@code 021}
 *       out for delivery). It is the more precise of the two: type {@code I} covers both a hub scan
 *       and "out for delivery today".
 *   <li>{@code status.type}, one or two letters ({@code D}, {@code I}, {@code X}...): the activity
 *       status types UPS's tracking guides list, plus {@code U} from UPS Track Alert.
 * </ol>
 *
 * Both live in this one table; they cannot collide, as one is digits and the other letters. The
 * two-letter {@code status.code} (scan code, e.g. {@code OT}) has hundreds of values and is kept
 * only in the event's raw JSON.
 */
public final class UpsStatusTable {

  /** Every activity status type UPS lists. */
  private static final Map<String, StatusTable.Mapping> TYPES =
      Map.ofEntries(
          Map.entry("D", to(TrackingStatus.DELIVERED)), // Delivered
          Map.entry("I", to(TrackingStatus.IN_TRANSIT)), // In Transit
          Map.entry("M", to(TrackingStatus.INFO_RECEIVED)), // Billing Information Received
          // Billing Information Voided: the shipper cancelled the label; nothing will move.
          Map.entry("MV", to(TrackingStatus.EXCEPTION)),
          Map.entry("P", to(TrackingStatus.PICKED_UP)), // Pickup
          // Exception: X alone doesn't say why; the status code often does.
          Map.entry("X", to(TrackingStatus.EXCEPTION)),
          Map.entry("RS", to(TrackingStatus.RETURNED_TO_SENDER)), // Returned to Shipper
          // Freight at a container freight station (origin or destination), or warehoused: still
          // on its way, not with the consignee.
          Map.entry("DO", to(TrackingStatus.IN_TRANSIT)), // Delivered Origin CFS (Freight Only)
          Map.entry("DD", to(TrackingStatus.IN_TRANSIT)), // Delivered Destination CFS (Freight)
          Map.entry("W", to(TrackingStatus.IN_TRANSIT)), // Warehousing (Freight Only)
          // Not Available: UPS itself has no status to give.
          Map.entry("NA", to(TrackingStatus.UNKNOWN)),
          Map.entry("O", to(TrackingStatus.OUT_FOR_DELIVERY)), // Out for Delivery
          // Updated delivery date or time (listed in UPS Track Alert): the parcel moves on.
          Map.entry("U", to(TrackingStatus.IN_TRANSIT)));

  /**
   * Status description codes ({@code status.statusCode}) that UPS's published examples and code
   * table give a meaning. UPS's OpenAPI description doesn't enumerate them; others fall back to the
   * type.
   */
  private static final Map<String, StatusTable.Mapping> STATUS_CODES =
      Map.ofEntries(
          // Shipper created a label, UPS has not received the package yet.
          Map.entry("003", to(TrackingStatus.INFO_RECEIVED)),
          Map.entry("005", to(TrackingStatus.IN_TRANSIT)), // In Transit
          // Shipment Information Voided / Shipment Canceled.
          Map.entry("007", to(TrackingStatus.EXCEPTION)),
          Map.entry("011", to(TrackingStatus.DELIVERED)), // Delivered
          // Clearance in Progress: UPS files it under "in transit", not as a hold.
          Map.entry("012", to(TrackingStatus.IN_TRANSIT)),
          Map.entry("013", to(TrackingStatus.EXCEPTION)), // Exception / Update, no reason given
          // Held in Warehouse, pending instructions and agreement.
          Map.entry("016", to(TrackingStatus.EXCEPTION)),
          // Held for Customer Pickup at the UPS location the receiver chose.
          Map.entry("017", to(TrackingStatus.AVAILABLE_FOR_PICKUP)),
          Map.entry("021", to(TrackingStatus.OUT_FOR_DELIVERY)), // Out for Delivery Today
          // Delivery Address Changed: UPS updated the address and carries on.
          Map.entry("028", to(TrackingStatus.IN_TRANSIT)),
          // Exception: Action Required, address information required.
          Map.entry("029", to(TrackingStatus.EXCEPTION, ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM)),
          // Adverse Weather May Cause Delay.
          Map.entry("032", to(TrackingStatus.EXCEPTION, ExceptionReason.FORCE_MAJEURE_WEATHER)),
          // Returning to Sender: Waybill has no separate "on its way back" status.
          Map.entry("035", to(TrackingStatus.RETURNED_TO_SENDER)),
          Map.entry("038", to(TrackingStatus.PICKED_UP)), // Picked Up
          // Delivered to UPS Access Point, awaiting customer pickup.
          Map.entry("040", to(TrackingStatus.AVAILABLE_FOR_PICKUP)),
          Map.entry("048", to(TrackingStatus.EXCEPTION)), // Delay, no cause given
          // Delay: Emergency Situation or Severe Weather.
          Map.entry("051", to(TrackingStatus.EXCEPTION, ExceptionReason.FORCE_MAJEURE_WEATHER)),
          // Clearance Information Required.
          Map.entry("058", to(TrackingStatus.EXCEPTION, ExceptionReason.CUSTOMS_DOCUMENTS_NEEDED)),
          // Preparing for Delivery Today: at the destination facility.
          Map.entry("071", to(TrackingStatus.IN_TRANSIT)),
          // Loaded on Delivery Vehicle ("Your Driver is Arriving Soon!").
          Map.entry("072", to(TrackingStatus.OUT_FOR_DELIVERY)));

  /** Status types and status description codes together. */
  public static final StatusTable TABLE = StatusTable.of(merged());

  private UpsStatusTable() {}

  private static Map<String, StatusTable.Mapping> merged() {
    var all = new HashMap<String, StatusTable.Mapping>(TYPES);
    all.putAll(STATUS_CODES);
    return all;
  }
}
