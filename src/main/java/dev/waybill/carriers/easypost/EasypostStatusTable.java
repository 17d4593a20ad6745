package dev.waybill.carriers.easypost;

import static dev.waybill.carriers.spi.StatusTable.to;
import static dev.waybill.shipping.TrackingStatus.AVAILABLE_FOR_PICKUP;
import static dev.waybill.shipping.TrackingStatus.DELIVERED;
import static dev.waybill.shipping.TrackingStatus.EXCEPTION;
import static dev.waybill.shipping.TrackingStatus.EXPIRED;
import static dev.waybill.shipping.TrackingStatus.INFO_RECEIVED;
import static dev.waybill.shipping.TrackingStatus.IN_TRANSIT;
import static dev.waybill.shipping.TrackingStatus.OUT_FOR_DELIVERY;
import static dev.waybill.shipping.TrackingStatus.RETURNED_TO_SENDER;
import static dev.waybill.shipping.TrackingStatus.UNKNOWN;
import static java.util.Map.entry;

import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import java.util.Map;

/**
 * EasyPost's tracking statuses, as sent in a Tracker's and each tracking detail's {@code status}
 * and {@code status_detail}. The values are the ones the Tracker object documents
 * (docs.easypost.com, Trackers).
 *
 * <p>{@code status} decides Waybill's status. {@code status_detail} adds to it in two ways: a
 * detail that names a problem ({@code weather_delay}, {@code lost}, {@code return}, ...) turns a
 * status that isn't final into that problem, and whenever the result is a problem, the detail gives
 * the reason. Every other detail only says where the parcel is, which {@code status} already
 * covers; those map to {@link #KEEPS_STATUS}.
 */
public final class EasypostStatusTable {

  /** A detail that says nothing {@code status} doesn't: the status stands. */
  static final StatusTable.Mapping KEEPS_STATUS = to(UNKNOWN);

  /** Tracker and tracking detail {@code status}. */
  public static final StatusTable STATUSES =
      StatusTable.of(
          Map.ofEntries(
              entry("pre_transit", to(INFO_RECEIVED)),
              entry("in_transit", to(IN_TRANSIT)),
              entry("out_for_delivery", to(OUT_FOR_DELIVERY)),
              entry("available_for_pickup", to(AVAILABLE_FOR_PICKUP)),
              entry("delivered", to(DELIVERED)),
              entry("return_to_sender", to(RETURNED_TO_SENDER)),
              entry("failure", to(EXCEPTION)),
              entry("cancelled", to(EXCEPTION)),
              // EasyPost could not classify the update, or could not get one from the carrier:
              // neither says anything about the parcel.
              entry("unknown", to(UNKNOWN)),
              entry("error", to(UNKNOWN))));

  /** Tracker and tracking detail {@code status_detail}. */
  public static final StatusTable DETAILS =
      StatusTable.of(
          Map.ofEntries(
              // Problems: these decide the status unless the status is final.
              entry("cancelled", to(EXCEPTION)),
              entry("damaged", to(EXCEPTION, ExceptionReason.CARRIER_DAMAGED)),
              entry("delayed", to(EXCEPTION)),
              entry("delivery_exception", to(EXCEPTION)),
              entry("expired", to(EXPIRED)),
              entry("failure", to(EXCEPTION)),
              entry("lost", to(EXCEPTION, ExceptionReason.CARRIER_LOST)),
              entry("missorted", to(EXCEPTION, ExceptionReason.CARRIER_SORTING_ERROR)),
              entry("refused", to(EXCEPTION, ExceptionReason.CONSIGNEE_REFUSED)),
              entry("return", to(RETURNED_TO_SENDER)),
              entry("transit_exception", to(EXCEPTION)),
              entry("weather_delay", to(EXCEPTION, ExceptionReason.FORCE_MAJEURE_WEATHER)),
              // A reason only, for when the status is a problem: a corrected address is routine.
              entry(
                  "address_correction",
                  new StatusTable.Mapping(UNKNOWN, ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM)),
              // Where the parcel is; the status says the same.
              entry("arrived_at_destination", KEEPS_STATUS),
              entry("arrived_at_facility", KEEPS_STATUS),
              entry("arrived_at_pickup_location", KEEPS_STATUS),
              entry("awaiting_information", KEEPS_STATUS),
              entry("departed_facility", KEEPS_STATUS),
              entry("departed_origin_facility", KEEPS_STATUS),
              entry("held", KEEPS_STATUS),
              entry("in_transit", KEEPS_STATUS),
              entry("label_created", KEEPS_STATUS),
              entry("out_for_delivery", KEEPS_STATUS),
              entry("received_at_destination_facility", KEEPS_STATUS),
              entry("received_at_origin_facility", KEEPS_STATUS),
              entry("status_update", KEEPS_STATUS),
              entry("transferred_to_destination_carrier", KEEPS_STATUS),
              entry("unknown", KEEPS_STATUS)));

  private EasypostStatusTable() {}

  /**
   * Waybill's status and reason for one EasyPost {@code status} and {@code status_detail} (either
   * may be {@code null}). An unknown status is {@link TrackingStatus#UNKNOWN}; an unknown detail
   * changes nothing.
   */
  public static StatusTable.Mapping map(String status, String detail) {
    TrackingStatus base = STATUSES.map(status).status();
    StatusTable.Mapping refinement = DETAILS.map(detail);
    TrackingStatus result =
        refinement.status() != UNKNOWN && !base.isFinal() ? refinement.status() : base;
    return new StatusTable.Mapping(result, result.isProblem() ? refinement.reason() : null);
  }

  /**
   * The code kept on each event: {@code status}, or {@code status/status_detail} when there is a
   * detail.
   */
  static String code(String status, String detail) {
    if (status == null) {
      return detail == null ? null : "/" + detail;
    }
    return detail == null ? status : status + "/" + detail;
  }
}
