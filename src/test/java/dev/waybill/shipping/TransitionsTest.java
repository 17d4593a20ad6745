package dev.waybill.shipping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TransitionsTest {

  private static final Set<TrackingStatus> AFTER_DELIVERY =
      EnumSet.of(
          TrackingStatus.DELIVERED, TrackingStatus.EXCEPTION, TrackingStatus.RETURNED_TO_SENDER);

  @ParameterizedTest
  @EnumSource(
      value = EventSource.class,
      names = {"POLL", "WEBHOOK", "MERCHANT"})
  void everyOrdinarySourceFollowsTheSameTableForEveryPair(EventSource source) {
    for (TrackingStatus from : TrackingStatus.values()) {
      for (TrackingStatus reported : TrackingStatus.values()) {
        TrackingStatus expected;
        if (reported == TrackingStatus.UNKNOWN) {
          expected = from;
        } else if (from == TrackingStatus.DELIVERED) {
          expected = AFTER_DELIVERY.contains(reported) ? reported : from;
        } else {
          expected = reported;
        }
        assertEquals(
            expected,
            Transitions.next(from, reported, source),
            source + ": " + from + " then " + reported);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = EventSource.class,
      names = {"POLL", "WEBHOOK", "MERCHANT"})
  void aLateOrdinaryScanNeverUndoesADelivery(EventSource source) {
    for (TrackingStatus reported :
        EnumSet.of(
            TrackingStatus.IN_TRANSIT,
            TrackingStatus.OUT_FOR_DELIVERY,
            TrackingStatus.PICKED_UP,
            TrackingStatus.INFO_RECEIVED,
            TrackingStatus.DELIVERY_ATTEMPTED)) {
      assertEquals(
          TrackingStatus.DELIVERED, Transitions.next(TrackingStatus.DELIVERED, reported, source));
    }
  }

  @Test
  void aCorrectionMaySetAnyKnownStatusAfterAnyOther() {
    for (TrackingStatus from : TrackingStatus.values()) {
      for (TrackingStatus reported : TrackingStatus.values()) {
        assertEquals(
            reported == TrackingStatus.UNKNOWN ? from : reported,
            Transitions.next(from, reported, EventSource.CORRECTION),
            from + " corrected to " + reported);
      }
    }
  }

  @Test
  void anUnknownCodeNeverMovesAShipmentWhoeverReportsIt() {
    for (EventSource source : EventSource.values()) {
      for (TrackingStatus from : TrackingStatus.values()) {
        assertEquals(from, Transitions.next(from, TrackingStatus.UNKNOWN, source));
      }
    }
  }

  @Test
  void theTableListsEveryStatus() {
    assertEquals(EnumSet.allOf(TrackingStatus.class), Transitions.table().keySet());
  }
}
