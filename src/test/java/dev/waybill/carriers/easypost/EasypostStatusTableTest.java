package dev.waybill.carriers.easypost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class EasypostStatusTableTest {

  /** Tracker {@code status}, as docs.easypost.com lists it. */
  static final List<String> DOCUMENTED_STATUSES =
      List.of(
          "unknown",
          "pre_transit",
          "in_transit",
          "out_for_delivery",
          "delivered",
          "available_for_pickup",
          "return_to_sender",
          "failure",
          "cancelled",
          "error");

  /** Tracker {@code status_detail}, as docs.easypost.com lists it. */
  static final List<String> DOCUMENTED_DETAILS =
      List.of(
          "address_correction",
          "arrived_at_destination",
          "arrived_at_facility",
          "arrived_at_pickup_location",
          "awaiting_information",
          "cancelled",
          "damaged",
          "delayed",
          "delivery_exception",
          "departed_facility",
          "departed_origin_facility",
          "expired",
          "failure",
          "held",
          "in_transit",
          "label_created",
          "lost",
          "missorted",
          "out_for_delivery",
          "received_at_destination_facility",
          "received_at_origin_facility",
          "refused",
          "return",
          "status_update",
          "transferred_to_destination_carrier",
          "transit_exception",
          "unknown",
          "weather_delay");

  private static void assertMaps(
      TrackingStatus status, ExceptionReason reason, String easypostStatus, String detail) {
    StatusTable.Mapping m = EasypostStatusTable.map(easypostStatus, detail);
    assertEquals(status, m.status(), easypostStatus + "/" + detail);
    assertEquals(reason, m.reason(), easypostStatus + "/" + detail);
  }

  @Test
  void knowsEveryDocumentedStatusAndDetail() {
    DOCUMENTED_STATUSES.forEach(s -> assertTrue(EasypostStatusTable.STATUSES.knows(s), s));
    DOCUMENTED_DETAILS.forEach(d -> assertTrue(EasypostStatusTable.DETAILS.knows(d), d));
    assertEquals(DOCUMENTED_STATUSES.size(), EasypostStatusTable.STATUSES.all().size());
    assertEquals(DOCUMENTED_DETAILS.size(), EasypostStatusTable.DETAILS.all().size());
  }

  @Test
  void statusesMapToTheirStage() {
    assertMaps(TrackingStatus.INFO_RECEIVED, null, "pre_transit", null);
    assertMaps(TrackingStatus.IN_TRANSIT, null, "in_transit", null);
    assertMaps(TrackingStatus.OUT_FOR_DELIVERY, null, "out_for_delivery", null);
    assertMaps(TrackingStatus.AVAILABLE_FOR_PICKUP, null, "available_for_pickup", null);
    assertMaps(TrackingStatus.DELIVERED, null, "delivered", null);
    assertMaps(TrackingStatus.RETURNED_TO_SENDER, null, "return_to_sender", null);
    assertMaps(TrackingStatus.EXCEPTION, null, "failure", null);
    assertMaps(TrackingStatus.EXCEPTION, null, "cancelled", null);
  }

  @Test
  void unknownAndErrorSayNothingAboutTheParcel() {
    assertMaps(TrackingStatus.UNKNOWN, null, "unknown", "unknown");
    assertMaps(TrackingStatus.UNKNOWN, null, "error", null);
  }

  @Test
  void aDetailThatOnlySaysWhereLeavesTheStatus() {
    assertMaps(TrackingStatus.IN_TRANSIT, null, "in_transit", "arrived_at_facility");
    assertMaps(TrackingStatus.INFO_RECEIVED, null, "pre_transit", "label_created");
    assertMaps(TrackingStatus.AVAILABLE_FOR_PICKUP, null, "available_for_pickup", "held");
    assertMaps(TrackingStatus.IN_TRANSIT, null, "in_transit", "unknown");
  }

  @Test
  void aProblemDetailTurnsAMovingParcelIntoThatProblem() {
    assertMaps(
        TrackingStatus.EXCEPTION,
        ExceptionReason.FORCE_MAJEURE_WEATHER,
        "in_transit",
        "weather_delay");
    assertMaps(TrackingStatus.EXCEPTION, null, "out_for_delivery", "delayed");
    assertMaps(TrackingStatus.EXCEPTION, ExceptionReason.CARRIER_LOST, "unknown", "lost");
    assertMaps(TrackingStatus.RETURNED_TO_SENDER, null, "in_transit", "return");
    assertMaps(TrackingStatus.RETURNED_TO_SENDER, null, "failure", "return");
    assertMaps(TrackingStatus.EXPIRED, null, "in_transit", "expired");
  }

  @Test
  void aProblemStatusTakesItsReasonFromTheDetail() {
    assertMaps(TrackingStatus.EXCEPTION, ExceptionReason.CONSIGNEE_REFUSED, "failure", "refused");
    assertMaps(TrackingStatus.EXCEPTION, ExceptionReason.CARRIER_DAMAGED, "failure", "damaged");
    assertMaps(
        TrackingStatus.EXCEPTION, ExceptionReason.CARRIER_SORTING_ERROR, "failure", "missorted");
    assertMaps(TrackingStatus.EXCEPTION, null, "failure", "delivery_exception");
  }

  @Test
  void finalStatusesStandWhateverTheDetail() {
    assertMaps(TrackingStatus.DELIVERED, null, "delivered", "delayed");
    assertMaps(
        TrackingStatus.RETURNED_TO_SENDER,
        ExceptionReason.CONSIGNEE_REFUSED,
        "return_to_sender",
        "refused");
  }

  @Test
  void anAddressCorrectionIsAReasonOnlyForAProblem() {
    assertMaps(
        TrackingStatus.EXCEPTION,
        ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM,
        "failure",
        "address_correction");
    assertMaps(TrackingStatus.IN_TRANSIT, null, "in_transit", "address_correction");
  }

  @Test
  void unknownValuesMapToUnknownAndAnUnknownDetailChangesNothing() {
    assertMaps(TrackingStatus.UNKNOWN, null, "teleported", null);
    assertMaps(TrackingStatus.UNKNOWN, null, null, null);
    assertMaps(TrackingStatus.IN_TRANSIT, null, "in_transit", "beamed_up");
    assertNull(EasypostStatusTable.code(null, null));
    assertEquals("in_transit", EasypostStatusTable.code("in_transit", null));
  }
}
