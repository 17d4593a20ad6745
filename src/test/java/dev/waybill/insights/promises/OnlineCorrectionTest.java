package dev.waybill.insights.promises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The adaptive conformal correction on series whose right answer is known. */
class OnlineCorrectionTest {

  static final LocalDate TODAY = AdaptiveCalibrationTest.TODAY;
  static final Calibration.Window FIT_ONLY = new Calibration.Window(28, 7, 50, 0);
  static final Calibration.Window CORRECTED = new Calibration.Window(28, 7, 50, 0.3);

  /** Handed over {@code n} business days after the window's first day. */
  static LocalDate shipped(int n) {
    return BusinessCalendar.plusBusinessDays("US", TODAY.minusDays(27), n);
  }

  /** Parcels of the window: {@code perDay} a day, days 1 to 6 in turn, plus {@code slower}. */
  static List<Sample> days(int from, int to, int perDay, int slower) {
    List<Sample> out = new ArrayList<>();
    for (int b = from; b < to; b++) {
      for (int i = 0; i < perDay; i++) {
        out.add(AdaptiveCalibrationTest.parcel(shipped(b), 1 + i % 6 + slower));
      }
    }
    return out;
  }

  static PromiseModel withWindow(List<Sample> recent) {
    PromiseModel m = AdaptiveCalibrationTest.uniformPast();
    recent.forEach(m::add);
    return m;
  }

  @Test
  void aSteadyCarrierLeavesTheLevelsWhereTheFitPutThem() {
    List<Sample> recent = days(0, 19, 120, 0);
    PromiseModel m = withWindow(recent);

    Calibration fitted =
        Calibration.adapt(m, recent, List.of(), List.of(), TODAY, FIT_ONLY).normal();
    Calibration corrected =
        Calibration.adapt(m, recent, List.of(), List.of(), TODAY, CORRECTED).normal();

    assertEquals(fitted.p10(), corrected.p10(), 0.05);
    assertEquals(fitted.p50(), corrected.p50(), 0.05);
    assertEquals(fitted.p90(), corrected.p90(), 0.05);
    assertEquals(fitted.p95(), corrected.p95(), 0.05);
    assertEquals(3, m.calibrated(corrected).predict(AdaptiveCalibrationTest.query()).p50Days());
  }

  @Test
  void afterAStepShiftTheLikelyDateCoversHalfOfTheNewParcelsWithinAFewDays() {
    // Three weeks as before, then four business days of parcels two days slower: 1-6 days
    // became 3-8, whose median is 5 days.
    List<Sample> recent = days(0, 11, 200, 0);
    recent.addAll(days(11, 15, 200, 2));
    PromiseModel m = withWindow(recent);

    Calibration fitted =
        Calibration.adapt(m, recent, List.of(), List.of(), TODAY, FIT_ONLY).normal();
    Calibration corrected =
        Calibration.adapt(m, recent, List.of(), List.of(), TODAY, CORRECTED).normal();

    PromiseModel.Query q = AdaptiveCalibrationTest.query();
    // The weighted fit alone still leans on the weeks before the shift.
    assertTrue(m.calibrated(fitted).predict(q).p50Days() < 5);
    assertEquals(5, m.calibrated(corrected).predict(q).p50Days());
    assertTrue(corrected.p95() >= fitted.p95());
  }

  @Test
  void aQuietStoreIsNotMovedByOneDaysNoise() {
    // Ten parcels a day: every day pools with the next until 50 are decided.
    List<Sample> recent = days(0, 19, 10, 0);
    PromiseModel m = withWindow(recent);

    Calibration fitted =
        Calibration.adapt(m, recent, List.of(), List.of(), TODAY, FIT_ONLY).normal();
    Calibration corrected =
        Calibration.adapt(m, recent, List.of(), List.of(), TODAY, CORRECTED).normal();

    assertEquals(fitted.p50(), corrected.p50(), 0.08);
  }
}
