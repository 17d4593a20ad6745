package dev.waybill.carriers.usps;

import static dev.waybill.carriers.spi.StatusTable.to;
import static dev.waybill.shipping.ExceptionReason.CARRIER_CAPACITY_DELAY;
import static dev.waybill.shipping.ExceptionReason.CARRIER_SORTING_ERROR;
import static dev.waybill.shipping.ExceptionReason.CONSIGNEE_ACCESS;
import static dev.waybill.shipping.ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM;
import static dev.waybill.shipping.ExceptionReason.CONSIGNEE_NOT_HOME;
import static dev.waybill.shipping.ExceptionReason.CONSIGNEE_REFUSED;
import static dev.waybill.shipping.ExceptionReason.OTHER;
import static dev.waybill.shipping.TrackingStatus.AVAILABLE_FOR_PICKUP;
import static dev.waybill.shipping.TrackingStatus.DELIVERED;
import static dev.waybill.shipping.TrackingStatus.DELIVERY_ATTEMPTED;
import static dev.waybill.shipping.TrackingStatus.EXCEPTION;
import static dev.waybill.shipping.TrackingStatus.INFO_RECEIVED;
import static dev.waybill.shipping.TrackingStatus.IN_TRANSIT;
import static dev.waybill.shipping.TrackingStatus.OUT_FOR_DELIVERY;
import static dev.waybill.shipping.TrackingStatus.PICKED_UP;
import static dev.waybill.shipping.TrackingStatus.RETURNED_TO_SENDER;

import dev.waybill.carriers.spi.StatusTable;
import java.util.Map;

/**
 * USPS scan event codes ({@code trackingEvents[].eventCode}, USPS Publication 199, domestic
 * tracking scan events) in Waybill's vocabulary. The published table is {@code
 * docs/carriers/usps.md}; keep both in step.
 *
 * <p>Return-to-sender codes map to {@link dev.waybill.shipping.TrackingStatus#RETURNED_TO_SENDER}
 * with the reason USPS gives for sending the item back.
 */
public final class UspsStatusTable {

  public static final StatusTable TABLE =
      StatusTable.of(
          Map.ofEntries(
              // Before USPS has the item.
              Map.entry("MA", to(INFO_RECEIVED)), // Pre-Shipment Info Sent to USPS
              Map.entry("GX", to(INFO_RECEIVED)), // Shipping Label Created
              Map.entry("89", to(INFO_RECEIVED)), // Merchant Order Receipt Notification
              Map.entry("GC", to(INFO_RECEIVED)), // Return Receipt Associated
              // Accepted or picked up.
              Map.entry("03", to(PICKED_UP)), // Accept or Pickup
              Map.entry("OA", to(PICKED_UP)), // Origin Acceptance
              Map.entry("UA", to(PICKED_UP)), // Accepted at USPS Facility
              Map.entry("AD", to(PICKED_UP)), // Acceptance at Destination
              Map.entry("PA", to(PICKED_UP)), // Passive Acceptance (Shipment Acceptance)
              Map.entry("TM", to(PICKED_UP)), // Shipment Received, Package Acceptance Pending
              Map.entry("80", to(PICKED_UP)), // Picked Up by Shipping Partner
              Map.entry("83", to(PICKED_UP)), // Tendered to Postal Service
              // Moving through the network.
              Map.entry("81", to(IN_TRANSIT)), // Arrived Shipping Partner Facility
              Map.entry("82", to(IN_TRANSIT)), // Departed Shipping Partner Facility
              Map.entry("42", to(IN_TRANSIT)), // USPS Handoff to Shipping Partner
              Map.entry("41", to(IN_TRANSIT)), // Received at Opening Unit
              Map.entry("10", to(IN_TRANSIT)), // Processed
              Map.entry("PC", to(IN_TRANSIT)), // Sorting / Processing Complete
              Map.entry("EF", to(IN_TRANSIT)), // Departed Sort Facility
              Map.entry("SF", to(IN_TRANSIT)), // Departed Post Office
              Map.entry("19", to(IN_TRANSIT)), // DC eVS Arrive
              Map.entry("07", to(IN_TRANSIT)), // Arrival at Unit (Arrived at Post Office)
              Map.entry("06", to(IN_TRANSIT)), // Forwarded
              // Held up on the way.
              Map.entry("08", to(EXCEPTION, CARRIER_SORTING_ERROR)), // Missent
              Map.entry("15", to(EXCEPTION, CARRIER_SORTING_ERROR)), // Mis-shipped
              Map.entry("71", to(EXCEPTION, CARRIER_CAPACITY_DELAY)), // Rescheduled to Next Day
              Map.entry("DX", to(EXCEPTION, CARRIER_CAPACITY_DELAY)), // Delivery Status Not Updated
              Map.entry("11", to(EXCEPTION)), // Dead Letter
              // The last mile.
              Map.entry("OF", to(OUT_FOR_DELIVERY)), // Out for Delivery
              Map.entry("14", to(AVAILABLE_FOR_PICKUP)), // Arrival at Pickup Point
              Map.entry("16", to(AVAILABLE_FOR_PICKUP)), // Available for Pickup
              Map.entry("01", to(DELIVERED)), // Delivered
              Map.entry("17", to(DELIVERED)), // Picked Up by Agent
              Map.entry("43", to(DELIVERED)), // Picked Up (at the Post Office)
              // Delivery attempts.
              Map.entry("02", to(DELIVERY_ATTEMPTED)), // Notice Left
              Map.entry("52", to(DELIVERY_ATTEMPTED)), // Notice Left
              Map.entry("53", to(DELIVERY_ATTEMPTED, CONSIGNEE_ACCESS)), // Receptacle Blocked
              Map.entry("54", to(DELIVERY_ATTEMPTED, CONSIGNEE_ACCESS)), // Receptacle Full
              Map.entry("30", to(DELIVERY_ATTEMPTED, CONSIGNEE_ACCESS)), // No Access
              Map.entry("55", to(DELIVERY_ATTEMPTED, CONSIGNEE_NOT_HOME)), // No Secure Location
              Map.entry("56", to(DELIVERY_ATTEMPTED, CONSIGNEE_NOT_HOME)), // No Recipient
              Map.entry("51", to(DELIVERY_ATTEMPTED, CONSIGNEE_NOT_HOME)), // Business Closed
              // Going back to the sender.
              Map.entry("04", to(RETURNED_TO_SENDER, CONSIGNEE_REFUSED)), // Refused
              Map.entry("05", to(RETURNED_TO_SENDER, CONSIGNEE_ADDRESS_PROBLEM)), // Undeliverable
              Map.entry("21", to(RETURNED_TO_SENDER, CONSIGNEE_ADDRESS_PROBLEM)), // No Such Number
              Map.entry("22", to(RETURNED_TO_SENDER, CONSIGNEE_ADDRESS_PROBLEM)), // Insufficient
              Map.entry("23", to(RETURNED_TO_SENDER, CONSIGNEE_ADDRESS_PROBLEM)), // Moved
              Map.entry("24", to(RETURNED_TO_SENDER, CONSIGNEE_ADDRESS_PROBLEM)), // Fwd Expired
              Map.entry("25", to(RETURNED_TO_SENDER, CONSIGNEE_ADDRESS_PROBLEM)), // Unknown
              Map.entry("26", to(RETURNED_TO_SENDER, CONSIGNEE_ADDRESS_PROBLEM)), // Vacant
              Map.entry("27", to(RETURNED_TO_SENDER, CONSIGNEE_NOT_HOME)), // Unclaimed
              Map.entry("31", to(RETURNED_TO_SENDER, CONSIGNEE_NOT_HOME)), // Not Picked Up
              Map.entry("28", to(RETURNED_TO_SENDER, OTHER)), // Deceased
              Map.entry("29", to(RETURNED_TO_SENDER)), // Return to Sender: Other
              Map.entry("09", to(RETURNED_TO_SENDER)), // Return to Sender
              Map.entry("44", to(RETURNED_TO_SENDER)))); // Customer Recall

  private UspsStatusTable() {}
}
