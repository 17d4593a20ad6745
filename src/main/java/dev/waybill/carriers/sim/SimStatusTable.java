package dev.waybill.carriers.sim;

import static dev.waybill.carriers.spi.StatusTable.to;

import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import java.util.Map;

/** The simulated carrier's scan codes. */
public final class SimStatusTable {

  public static final StatusTable TABLE =
      StatusTable.of(
          Map.ofEntries(
              Map.entry("LC", to(TrackingStatus.INFO_RECEIVED)),
              Map.entry("PU", to(TrackingStatus.PICKED_UP)),
              Map.entry("IT", to(TrackingStatus.IN_TRANSIT)),
              Map.entry("OD", to(TrackingStatus.OUT_FOR_DELIVERY)),
              Map.entry("DL", to(TrackingStatus.DELIVERED)),
              Map.entry(
                  "NH", to(TrackingStatus.DELIVERY_ATTEMPTED, ExceptionReason.CONSIGNEE_NOT_HOME)),
              Map.entry("AP", to(TrackingStatus.AVAILABLE_FOR_PICKUP)),
              Map.entry(
                  "AD", to(TrackingStatus.EXCEPTION, ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM)),
              Map.entry("WX", to(TrackingStatus.EXCEPTION, ExceptionReason.FORCE_MAJEURE_WEATHER)),
              Map.entry("CD", to(TrackingStatus.EXCEPTION, ExceptionReason.CARRIER_CAPACITY_DELAY)),
              Map.entry("RF", to(TrackingStatus.EXCEPTION, ExceptionReason.CONSIGNEE_REFUSED)),
              Map.entry("RT", to(TrackingStatus.RETURNED_TO_SENDER))));

  private SimStatusTable() {}
}
