package dev.waybill.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.CarrierDirectory;
import dev.waybill.orders.OrderRequests.Address;
import dev.waybill.orders.OrderViews.EventView;
import dev.waybill.orders.OrderViews.ShipmentSnapshot;
import dev.waybill.orders.OrderViews.ShipmentView;
import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TimelineStep;
import dev.waybill.shipping.TrackingStatus;
import dev.waybill.tracking.TrackingView.Parcel;
import dev.waybill.tracking.TrackingView.StepState;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrackingRendererTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
  private final TrackingRenderer renderer =
      new TrackingRenderer(new StatusTexts(), new CarrierDirectory());

  @Test
  void inTransitMarksShippedAsCurrent() {
    Parcel p =
        parcel(
            TrackingStatus.IN_TRANSIT,
            null,
            null,
            null,
            TrackingStatus.PICKED_UP,
            TrackingStatus.IN_TRANSIT);
    assertEquals(
        List.of(
            StepState.DONE,
            StepState.DONE,
            StepState.CURRENT,
            StepState.UPCOMING,
            StepState.UPCOMING),
        p.timeline().stream().map(TrackingView.Step::state).toList());
  }

  @Test
  void deliveredMarksEveryStepDone() {
    Parcel p = parcel(TrackingStatus.DELIVERED, null, null, null, TrackingStatus.DELIVERED);
    assertTrue(p.timeline().stream().allMatch(s -> s.state() == StepState.DONE));
    assertFalse(p.delayed());
  }

  @Test
  void exceptionKeepsTheStepReachedAndFlagsIt() {
    Parcel p =
        parcel(
            TrackingStatus.EXCEPTION,
            ExceptionReason.CUSTOMS_HELD,
            null,
            null,
            TrackingStatus.OUT_FOR_DELIVERY,
            TrackingStatus.EXCEPTION);
    assertEquals(StepState.PROBLEM, p.timeline().get(3).state());
    assertEquals(ExceptionReason.Party.CUSTOMS, p.problem().causedBy());
    assertTrue(p.delayed(), "customs holds delay the parcel");
  }

  @Test
  void passedExpectedDateWithoutDeliveryIsDelayed() {
    assertTrue(parcel(TrackingStatus.IN_TRANSIT, null, TODAY.minusDays(1), null).delayed());
    assertFalse(parcel(TrackingStatus.IN_TRANSIT, null, TODAY, null).delayed());
  }

  @Test
  void carrierEstimateLaterThanPromiseIsDelayed() {
    assertTrue(
        parcel(TrackingStatus.IN_TRANSIT, null, TODAY.plusDays(1), TODAY.plusDays(3)).delayed());
  }

  @Test
  void attemptedDeliveryTellsTheShopperWhatToDo() {
    Parcel p =
        parcel(TrackingStatus.DELIVERY_ATTEMPTED, ExceptionReason.CONSIGNEE_NOT_HOME, null, null);
    assertTrue(p.whatToDo().contains("carrier link"), p.whatToDo());
  }

  @Test
  void everyStatusAndReasonHasTextsInEveryLanguage() {
    StatusTexts texts = new StatusTexts();
    for (String lang : StatusTexts.LANGUAGES) {
      for (TrackingStatus s : TrackingStatus.values()) {
        assertTrue(texts.label(lang, s) != null && texts.next(lang, s) != null, lang + " " + s);
      }
      for (ExceptionReason r : ExceptionReason.values()) {
        assertTrue(
            texts.label(lang, r) != null && texts.explanation(lang, r) != null, lang + " " + r);
      }
      for (TimelineStep step : TimelineStep.values()) {
        assertTrue(texts.label(lang, step) != null, lang + " " + step);
      }
    }
  }

  @Test
  void unsupportedLanguageFallsBackToEnglish() {
    assertEquals("en", StatusTexts.language("pt-BR"));
    assertEquals("de", StatusTexts.language("de-AT"));
    assertEquals("en", StatusTexts.language(null));
  }

  private Parcel parcel(
      TrackingStatus status,
      ExceptionReason reason,
      LocalDate promised,
      LocalDate carrierEstimate,
      TrackingStatus... history) {
    UUID id = UUID.randomUUID();
    ShipmentView s =
        new ShipmentView(
            id,
            "ups",
            "1Z999AA10123456784",
            null,
            status,
            null,
            reason,
            carrierEstimate,
            promised,
            null,
            null,
            null,
            status == TrackingStatus.DELIVERED ? OffsetDateTime.now() : null,
            null,
            null,
            new Address(null, null, null, null, null, "10115", "DE"),
            null,
            null);
    List<EventView> events =
        java.util.Arrays.stream(history)
            .map(
                h ->
                    new EventView(
                        UUID.randomUUID(),
                        id,
                        OffsetDateTime.now(),
                        h,
                        null,
                        null,
                        null,
                        null,
                        EventSource.POLL))
            .toList();
    return renderer.parcel(new ShipmentSnapshot(s, events), "en", 5, TODAY);
  }
}
