package dev.waybill.carriers.aftership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AftershipStatusTableTest {

  /** AfterShip's delivery statuses. */
  static final List<String> DOCUMENTED_TAGS =
      List.of(
          "Pending",
          "InfoReceived",
          "InTransit",
          "OutForDelivery",
          "AttemptFail",
          "Delivered",
          "AvailableForPickup",
          "Exception",
          "Expired");

  /** AfterShip's delivery sub-statuses, including those added on 27 March 2026. */
  static List<String> documentedSubtags() {
    List<String> codes = new ArrayList<>();
    range(codes, "Pending", 1, 6);
    codes.add("InfoReceived_001");
    range(codes, "InTransit", 1, 9);
    codes.addAll(List.of("OutForDelivery_001", "OutForDelivery_003", "OutForDelivery_004"));
    range(codes, "AttemptFail", 1, 3);
    codes.add("AvailableForPickup_001");
    range(codes, "Delivered", 1, 5);
    range(codes, "Exception", 1, 13);
    range(codes, "Exception", 16, 21);
    codes.add("Expired_001");
    return codes;
  }

  private static void range(List<String> codes, String tag, int from, int to) {
    for (int i = from; i <= to; i++) {
      codes.add(String.format("%s_%03d", tag, i));
    }
  }

  private static void assertMaps(
      TrackingStatus status, ExceptionReason reason, String tag, String subtag) {
    StatusTable.Mapping m = AftershipStatusTable.map(tag, subtag);
    assertEquals(status, m.status(), tag + "/" + subtag);
    assertEquals(reason, m.reason(), tag + "/" + subtag);
  }

  @Test
  void knowsEveryDocumentedStatusAndSubStatus() {
    List<String> subtags = documentedSubtags();
    DOCUMENTED_TAGS.forEach(t -> assertTrue(AftershipStatusTable.TABLE.knows(t), t));
    subtags.forEach(s -> assertTrue(AftershipStatusTable.TABLE.knows(s), s));
    assertEquals(DOCUMENTED_TAGS.size() + subtags.size(), AftershipStatusTable.TABLE.all().size());
  }

  @Test
  void everySubStatusMapsLikeItsStatusOrMorePrecisely() {
    for (String subtag : documentedSubtags()) {
      String tag = subtag.substring(0, subtag.indexOf('_'));
      TrackingStatus byTag = AftershipStatusTable.TABLE.map(tag).status();
      TrackingStatus bySubtag = AftershipStatusTable.TABLE.map(subtag).status();
      boolean refinement =
          bySubtag == byTag
              || (tag.equals("InTransit") && bySubtag == TrackingStatus.PICKED_UP)
              || (tag.equals("Exception") && bySubtag == TrackingStatus.RETURNED_TO_SENDER);
      assertTrue(refinement, subtag + " maps to " + bySubtag + " but " + tag + " to " + byTag);
    }
  }

  @Test
  void statusesMapToTheirStage() {
    assertMaps(TrackingStatus.INFO_RECEIVED, null, "InfoReceived", null);
    assertMaps(TrackingStatus.IN_TRANSIT, null, "InTransit", null);
    assertMaps(TrackingStatus.OUT_FOR_DELIVERY, null, "OutForDelivery", null);
    assertMaps(TrackingStatus.DELIVERY_ATTEMPTED, null, "AttemptFail", null);
    assertMaps(TrackingStatus.AVAILABLE_FOR_PICKUP, null, "AvailableForPickup", null);
    assertMaps(TrackingStatus.DELIVERED, null, "Delivered", null);
    assertMaps(TrackingStatus.EXCEPTION, null, "Exception", null);
    assertMaps(TrackingStatus.EXPIRED, null, "Expired", null);
  }

  @Test
  void pendingSaysNothingAboutTheParcel() {
    assertMaps(TrackingStatus.UNKNOWN, null, "Pending", "Pending_001");
  }

  @Test
  void subStatusesNamingACauseGiveTheReason() {
    assertMaps(
        TrackingStatus.EXCEPTION,
        ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM,
        "Exception",
        "Exception_002");
    assertMaps(
        TrackingStatus.EXCEPTION, ExceptionReason.CONSIGNEE_REFUSED, "Exception", "Exception_003");
    assertMaps(
        TrackingStatus.EXCEPTION, ExceptionReason.CUSTOMS_HELD, "Exception", "Exception_004");
    assertMaps(
        TrackingStatus.EXCEPTION,
        ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM,
        "Exception",
        "Exception_007");
    assertMaps(
        TrackingStatus.EXCEPTION, ExceptionReason.CARRIER_DAMAGED, "Exception", "Exception_012");
    assertMaps(
        TrackingStatus.EXCEPTION, ExceptionReason.CARRIER_LOST, "Exception", "Exception_013");
    assertMaps(
        TrackingStatus.EXCEPTION,
        ExceptionReason.CARRIER_CAPACITY_DELAY,
        "Exception",
        "Exception_016");
    assertMaps(
        TrackingStatus.EXCEPTION,
        ExceptionReason.FORCE_MAJEURE_WEATHER,
        "Exception",
        "Exception_017");
    assertMaps(
        TrackingStatus.EXCEPTION,
        ExceptionReason.CUSTOMS_DOCUMENTS_NEEDED,
        "Exception",
        "Exception_018");
    assertMaps(
        TrackingStatus.DELIVERY_ATTEMPTED,
        ExceptionReason.CONSIGNEE_NOT_HOME,
        "AttemptFail",
        "AttemptFail_002");
  }

  @Test
  void subStatusesWithoutAKnownCauseGiveNoReason() {
    assertMaps(TrackingStatus.EXCEPTION, null, "Exception", "Exception_005");
    assertMaps(TrackingStatus.EXCEPTION, null, "Exception", "Exception_020");
    assertMaps(TrackingStatus.DELIVERY_ATTEMPTED, null, "AttemptFail", "AttemptFail_001");
  }

  @Test
  void returnsAreReturnedToSender() {
    assertMaps(TrackingStatus.RETURNED_TO_SENDER, null, "Exception", "Exception_010");
    assertMaps(TrackingStatus.RETURNED_TO_SENDER, null, "Exception", "Exception_011");
  }

  @Test
  void unknownValuesMapToUnknownAndAnUnknownSubStatusFallsBackToItsStatus() {
    assertMaps(TrackingStatus.UNKNOWN, null, "Teleported", "Teleported_001");
    assertMaps(TrackingStatus.UNKNOWN, null, null, null);
    assertMaps(TrackingStatus.EXCEPTION, null, "Exception", "Exception_099");
    assertNull(AftershipStatusTable.code(null, null));
    assertEquals("Exception_004", AftershipStatusTable.code("Exception", "Exception_004"));
    assertEquals("Exception", AftershipStatusTable.code("Exception", null));
  }
}
