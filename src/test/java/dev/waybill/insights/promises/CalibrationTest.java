package dev.waybill.insights.promises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  // Tuesdays of a normal season without holidays.
  static final LocalDate TUESDAY = LocalDate.of(2026, 3, 3);

  /**
   * Twenty lanes whose parcels mostly take their base day, a few one day less and a tail later: the
   * typical whole-day shape where the day nearest each nominal level covers more than it. {@code
   * per} parcels per lane, spread over the Tuesdays before {@code last}.
   */
  static List<Sample> history(int per, LocalDate last) {
    List<Sample> out = new ArrayList<>();
    for (int lane = 0; lane < 20; lane++) {
      int base = 1 + lane % 4;
      // Early share 0-9%, on the base day 55-74%, then one, two and eight days late.
      double early = (lane % 10) / 100.0;
      double onTime = 0.55 + lane / 100.0;
      double[] shares = {early, onTime, 0.70 * (1 - early - onTime), 0.25 * (1 - early - onTime)};
      int[] offsets = {-1, 0, 1, 2};
      for (int i = 0; i < per; i++) {
        double u = (i + 0.5) / per;
        int days = base + 8;
        double acc = 0;
        for (int k = 0; k < shares.length; k++) {
          acc += shares[k];
          if (u < acc) {
            days = Math.max(0, base + offsets[k]);
            break;
          }
        }
        LocalDate ship = last.minusWeeks(i % 6);
        out.add(
            new Sample(
                "ups",
                "Ground",
                "US:070",
                "US:1" + String.format("%02d", lane),
                "US",
                ship,
                BusinessCalendar.plusBusinessDays("US", ship, days)));
      }
    }
    return out;
  }

  /**
   * Shares of the parcels {before earliest, on or before likely, inside window, on or before safe}.
   */
  static double[] coverage(PromiseModel m, List<Sample> parcels) {
    double[] c = new double[4];
    for (Sample s : parcels) {
      Prediction p =
          m.predict(
              new PromiseModel.Query(
                  s.carrier(),
                  s.service(),
                  s.originRegion(),
                  s.destinationRegion(),
                  s.destinationCountry(),
                  s.shipDate(),
                  0));
      LocalDate d = s.deliveryDate();
      c[0] += d.isBefore(p.earliest()) ? 1 : 0;
      c[1] += d.isAfter(p.likely()) ? 0 : 1;
      c[2] += d.isBefore(p.earliest()) || d.isAfter(p.latest()) ? 0 : 1;
      c[3] += d.isAfter(p.safe()) ? 0 : 1;
    }
    for (int i = 0; i < 4; i++) {
      c[i] /= parcels.size();
    }
    return c;
  }

  static PromiseModel model(List<Sample> history) {
    PromiseModel m = new PromiseModel(30);
    history.forEach(m::add);
    return m;
  }

  @Test
  void wholeDayDatesAtTheNominalLevelsCoverMoreThanTheyPromise() {
    List<Sample> past = history(200, TUESDAY.minusWeeks(8));
    List<Sample> future = history(100, TUESDAY);
    double[] c = coverage(model(past), future);
    assertTrue(c[1] > 0.53, "likely date covers " + c[1]);
  }

  @Test
  void levelsFittedOnAHeldOutSliceBringEachDateToItsNominalShareOnLaterParcels() {
    List<Sample> past = history(200, TUESDAY.minusWeeks(16));
    List<Sample> slice = history(100, TUESDAY.minusWeeks(8));
    List<Sample> future = history(100, TUESDAY);

    Calibration fitted = Calibration.fit(model(past), slice, 500);
    assertEquals(2000, fitted.samples());
    assertTrue(fitted.p50() < 0.50, "the likely date's level moves down: " + fitted);

    List<Sample> all = new ArrayList<>(past);
    all.addAll(slice);
    double[] c = coverage(model(all).calibrated(fitted), future);
    assertEquals(0.50, c[1], 0.03, "on or before the likely date");
    assertEquals(0.80, c[2], 0.03, "inside the window");
    assertEquals(0.95, c[3], 0.03, "on or before the safe date");
  }

  @Test
  void aSliceWithTooFewParcelsKeepsTheNominalLevels() {
    PromiseModel prior = model(history(200, TUESDAY.minusWeeks(8)));
    assertSame(Calibration.NOMINAL, Calibration.fit(prior, history(10, TUESDAY), 500));
    assertSame(Calibration.NOMINAL, Calibration.fit(prior, List.of(), 1));
  }

  @Test
  void parcelsOfUnknownCarriersAreNotCountedInTheSlice() {
    PromiseModel prior = model(history(200, TUESDAY.minusWeeks(8)));
    List<Sample> unknown = new ArrayList<>();
    for (Sample s : history(100, TUESDAY)) {
      unknown.add(new Sample("dhl", "Paket", null, null, "DE", s.shipDate(), s.deliveryDate()));
    }
    assertSame(Calibration.NOMINAL, Calibration.fit(prior, unknown, 1));
  }

  @Test
  void theSliceEndsBeforeTheParcelsWhoseSlowOnesAreStillTravelling() {
    Calibration.Slice s = Calibration.Slice.before(LocalDate.of(2026, 9, 30), 56, 14);
    assertEquals(LocalDate.of(2026, 9, 17), s.end());
    assertEquals(LocalDate.of(2026, 7, 23), s.start());
    assertTrue(s.contains(LocalDate.of(2026, 7, 23)));
    assertTrue(s.contains(LocalDate.of(2026, 9, 16)));
    assertTrue(!s.contains(LocalDate.of(2026, 9, 17)));
  }

  @Test
  void removingDeliveriesGivesBackTheModelAsItWasBeforeThem() {
    List<Sample> past = history(200, TUESDAY.minusWeeks(8));
    List<Sample> recent = history(100, TUESDAY);
    PromiseModel before = model(past);
    PromiseModel after = model(past);
    recent.forEach(after::add);
    recent.forEach(after::remove);
    for (Sample s : recent) {
      PromiseModel.Query q =
          new PromiseModel.Query(
              s.carrier(),
              s.service(),
              s.originRegion(),
              s.destinationRegion(),
              s.destinationCountry(),
              s.shipDate(),
              0);
      assertEquals(before.predict(q), after.predict(q));
    }
  }

  @Test
  void predictionsReadTheDatesAtTheCalibratedLevels() {
    PromiseModel m = new PromiseModel(10);
    PromiseModelTest.add(m, "US:070", "US:100", 2, 20);
    PromiseModelTest.add(m, "US:070", "US:100", 3, 50);
    PromiseModelTest.add(m, "US:070", "US:100", 4, 30);
    PromiseModel.Query q = PromiseModelTest.query("US:070", "US:100", 0);
    assertEquals(3, m.predict(q).p50Days(), "20% by day 2, 70% by day 3: day 3 is nearer 50%");
    m.calibrated(new Calibration(0.25, 0.30, 0.90, 0.95, 1000));
    assertEquals(2, m.predict(q).p50Days());
    assertEquals(2, m.predict(q).p10Days(), "the window never starts after the likely date");
  }
}
