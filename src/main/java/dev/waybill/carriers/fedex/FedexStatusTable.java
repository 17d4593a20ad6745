package dev.waybill.carriers.fedex;

import static dev.waybill.carriers.spi.StatusTable.to;
import static dev.waybill.shipping.TrackingStatus.AVAILABLE_FOR_PICKUP;
import static dev.waybill.shipping.TrackingStatus.DELIVERED;
import static dev.waybill.shipping.TrackingStatus.EXCEPTION;
import static dev.waybill.shipping.TrackingStatus.INFO_RECEIVED;
import static dev.waybill.shipping.TrackingStatus.IN_TRANSIT;
import static dev.waybill.shipping.TrackingStatus.OUT_FOR_DELIVERY;
import static dev.waybill.shipping.TrackingStatus.PICKED_UP;
import static dev.waybill.shipping.TrackingStatus.RETURNED_TO_SENDER;
import static java.util.Map.entry;

import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ExceptionReason;
import java.util.Map;

/**
 * FedEx status codes, as sent in {@code scanEvents[].eventType} and {@code
 * latestStatusDetail.code}. The codes are FedEx's "Tracking Status Codes" (API reference guide)
 * plus the event codes FedEx documents for its tracking webhooks, which the Track API returns too
 * (for example {@code HA} and {@code AE}). Where FedEx gives one code two meanings ({@code EA},
 * {@code SP}, and {@code CA}/{@code RC} as possession codes) both meanings map the same way or the
 * status meaning wins; possession-only codes ({@code SH}, {@code CU}, {@code BR}, {@code TP}) never
 * appear as a status and are left out.
 *
 * <p>A code only carries a reason when the code itself names the cause ({@code CD}); other
 * exceptions get theirs from the event's {@code delayDetail} in {@link FedexMapper}.
 */
public final class FedexStatusTable {

  public static final StatusTable TABLE =
      StatusTable.of(
          Map.ofEntries(
              // Before FedEx has the parcel: label data, pickup dispatch, return labels.
              entry("OC", to(INFO_RECEIVED)), // Order created / shipment information sent to FedEx
              entry("MD", to(INFO_RECEIVED)), // Manifest data
              entry("AP", to(INFO_RECEIVED)), // At pickup
              entry("EP", to(INFO_RECEIVED)), // Enroute to pickup
              entry("DS", to(INFO_RECEIVED)), // Vehicle dispatched
              entry("RP", to(INFO_RECEIVED)), // Return label link emailed to return sender
              entry("RG", to(INFO_RECEIVED)), // Return label link expiring soon
              // FedEx has it.
              entry("PU", to(PICKED_UP)), // Picked up
              entry("PX", to(PICKED_UP)), // Picked up (see details)
              entry("DO", to(PICKED_UP)), // Dropped off
              entry("IP", to(PICKED_UP)), // In FedEx possession
              // Moving through the network, customs and delivery-option changes included.
              entry("AA", to(IN_TRANSIT)), // At airport
              entry("AC", to(IN_TRANSIT)), // At Canada Post facility
              entry("AE", to(IN_TRANSIT)), // Shipment arriving early
              entry("AF", to(IN_TRANSIT)), // At local FedEx facility
              entry("AO", to(IN_TRANSIT)), // Shipment arriving on-time
              entry("AR", to(IN_TRANSIT)), // Arrived at FedEx location
              entry("AS", to(IN_TRANSIT)), // Address corrected
              entry("AX", to(IN_TRANSIT)), // At USPS facility
              entry("CC", to(IN_TRANSIT)), // Cleared customs
              entry("CH", to(IN_TRANSIT)), // Location changed
              entry("CP", to(IN_TRANSIT)), // Clearance in progress
              entry("DP", to(IN_TRANSIT)), // Departed
              entry("DR", to(IN_TRANSIT)), // Vehicle furnished but not used
              entry("EA", to(IN_TRANSIT)), // Enroute to airport; export approved
              entry("ED", to(IN_TRANSIT)), // Enroute to delivery
              entry("EO", to(IN_TRANSIT)), // Enroute to origin airport
              entry("FD", to(IN_TRANSIT)), // At FedEx destination
              entry("HA", to(IN_TRANSIT)), // Hold at location request accepted
              entry("IN", to(IN_TRANSIT)), // On Demand Care completed
              entry("IT", to(IN_TRANSIT)), // In transit
              entry("IX", to(IN_TRANSIT)), // In transit (see details)
              entry("LO", to(IN_TRANSIT)), // Left origin
              entry("OF", to(IN_TRANSIT)), // At FedEx origin facility
              entry("OW", to(IN_TRANSIT)), // On the way
              entry("OX", to(IN_TRANSIT)), // Shipment information sent to USPS
              entry("PF", to(IN_TRANSIT)), // Plane in flight
              entry("PL", to(IN_TRANSIT)), // Plane landed
              entry("PM", to(IN_TRANSIT)), // In progress
              entry("PR", to(IN_TRANSIT)), // Performed redirect, address change completed
              entry("RA", to(IN_TRANSIT)), // Address change requested
              entry("RC", to(IN_TRANSIT)), // CDO (delivery option request) cancelled
              entry("RM", to(IN_TRANSIT)), // CDO modified
              entry("RR", to(IN_TRANSIT)), // CDO requested
              entry("SF", to(IN_TRANSIT)), // At sort facility
              entry("SP", to(IN_TRANSIT)), // Split status
              entry("TR", to(IN_TRANSIT)), // Transfer
              entry("US", to(IN_TRANSIT)), // Scheduled delivery updated
              // The last mile.
              entry("AD", to(OUT_FOR_DELIVERY)), // At delivery
              entry("OD", to(OUT_FOR_DELIVERY)), // Out for delivery
              entry("HL", to(AVAILABLE_FOR_PICKUP)), // Hold at location
              entry("HP", to(AVAILABLE_FOR_PICKUP)), // Ready for recipient pickup
              entry("DL", to(DELIVERED)), // Delivered
              // Problems.
              entry("CD", to(EXCEPTION, ExceptionReason.CUSTOMS_HELD)), // Clearance delay
              entry("DD", to(EXCEPTION)), // Delivery delay
              entry("DE", to(EXCEPTION)), // Delivery exception
              entry("DY", to(EXCEPTION)), // Delay
              entry("PD", to(EXCEPTION)), // Pickup delay
              entry("SE", to(EXCEPTION)), // Shipment exception
              entry("CA", to(EXCEPTION)), // Shipment cancelled
              entry("LP", to(EXCEPTION)), // Return label link cancelled by shipment originator
              entry("LC", to(EXCEPTION)), // Return label link cancelled (webhook spelling)
              entry("RD", to(EXCEPTION)), // Return label link expired
              entry("RS", to(RETURNED_TO_SENDER)), // Return to shipper
              entry("RT", to(RETURNED_TO_SENDER)) // Return to shipper requested
              ));

  private FedexStatusTable() {}
}
