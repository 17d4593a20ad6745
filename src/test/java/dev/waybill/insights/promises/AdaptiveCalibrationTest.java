package dev.waybill.insights.promises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptiveCalibrationTest {

  // A Monday in a normal season with no holiday for weeks around it.
  static final LocalDate TODAY = LocalDate.of(2026, 4, 13);
  static final Calibration.Window WINDOW = new Calibration.Window(28, 7, 50);

  static Sample parcel(LocalDate ship, Integer days) {
    return new Sample(
        "ups",
        "Ground",
        "US:070",
        "US:100",
        "US",
        ship,
        days == null ? null : BusinessCalendar.plusBusinessDays("US", ship, days));
  }

  /**
   * A lane whose past parcels took 1 to 6 business days, as many each, handed over on Tuesdays (no
   * holiday falls on one) long before the window.
   */
  static PromiseModel uniformPast() {
    PromiseModel m = new PromiseModel(30);
    LocalDate ship = LocalDate.of(2026, 1, 6);
    for (int i = 0; i < 600; i++) {
      m.add(parcel(ship.plusWeeks(i % 8), 1 + i % 6));
    }
    return m;
  }

  static PromiseModel.Query query() {
    return new PromiseModel.Query("ups", "Ground", "US:070", "US:100", "US", TODAY, 0);
  }

  /** Business days before {@code TODAY}: old enough that every date has passed. */
  static LocalDate settled(int i) {
    return BusinessCalendar.plusBusinessDays("US", TODAY.minusDays(27), i % 8);
  }

  @Test
  void aSlowdownInTheWindowMovesTheLikelyAndSafeDatesToWhatTheWindowShows() {
    PromiseModel m = uniformPast();
    assertEquals(3, m.predict(query()).p50Days());
    assertEquals(6, m.predict(query()).p95Days());
    List<Sample> recent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      recent.add(parcel(settled(i), i % 2 == 0 ? 4 : 5));
    }
    recent.forEach(m::add);

    Calibration.Seasonal c = Calibration.adapt(m, recent, List.of(), List.of(), TODAY, WINDOW);

    // Half of the window's parcels took 4 days: that is the likely date now, read from a
    // history where it sits above the median.
    assertEquals(4, m.calibrated(c).predict(query()).p50Days());
    assertTrue(c.normal().p50() > 0.5);
  }

  @Test
  void parcelsStillTravellingCountAsLateForEveryDateThatHasPassed() {
    PromiseModel m = uniformPast();
    List<Sample> delivered = new ArrayList<>();
    List<Sample> travelling = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      delivered.add(parcel(settled(i), 1 + i % 2));
      travelling.add(parcel(settled(i), null));
    }
    delivered.forEach(m::add);

    Calibration.Seasonal leftOut =
        Calibration.adapt(m, delivered, List.of(), List.of(), TODAY, WINDOW);
    Calibration.Seasonal counted =
        Calibration.adapt(m, delivered, travelling, List.of(), TODAY, WINDOW);

    // Without the half still on its way, half the parcels seem to arrive the next day; with it,
    // only a quarter do, and half have arrived after two days.
    assertTrue(counted.normal().p50() > leftOut.normal().p50());
    assertEquals(1, m.calibrated(leftOut).predict(query()).p50Days());
    assertEquals(2, m.calibrated(counted).predict(query()).p50Days());
  }

  @Test
  void aParcelCountsOnlyOnceItsDateHasPassed() {
    PromiseModel m = uniformPast();
    List<Sample> delivered = new ArrayList<>();
    List<Sample> justShipped = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      delivered.add(parcel(settled(i), i % 2 == 0 ? 2 : 3));
    }
    for (int i = 0; i < 600; i++) {
      justShipped.add(parcel(TODAY.minusDays(1), null));
    }
    delivered.forEach(m::add);

    Calibration.Seasonal with =
        Calibration.adapt(m, delivered, justShipped, List.of(), TODAY, WINDOW);
    Calibration.Seasonal without =
        Calibration.adapt(m, delivered, List.of(), List.of(), TODAY, WINDOW);

    // Handed over for today's pickup, not one of their dates has come: they tell nothing yet.
    assertEquals(without, with);
  }

  @Test
  void aSeasonWithoutParcelsOfItsOwnInTheWindowTakesLastYearsOrTheWindowsLevels() {
    PromiseModel m = uniformPast();
    List<Sample> recent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      recent.add(parcel(settled(i), i % 2 == 0 ? 4 : 5));
    }
    recent.forEach(m::add);

    Calibration.Seasonal c = Calibration.adapt(m, recent, List.of(), List.of(), TODAY, WINDOW);

    assertEquals(c.normal(), c.peak());
    assertTrue(c.normal().p50() > 0.5);
  }

  @Test
  void tooFewParcelsKeepTheNominalLevels() {
    PromiseModel m = uniformPast();
    List<Sample> recent = List.of(parcel(settled(0), 5), parcel(settled(1), 5));
    recent.forEach(m::add);

    Calibration.Seasonal c = Calibration.adapt(m, recent, List.of(), List.of(), TODAY, WINDOW);

    assertEquals(Calibration.Seasonal.NOMINAL, c);
  }
}
