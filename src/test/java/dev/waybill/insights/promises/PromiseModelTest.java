package dev.waybill.insights.promises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class PromiseModelTest {

  // A Tuesday in a normal week.
  static final LocalDate TUESDAY = LocalDate.of(2026, 3, 3);

  /** {@code n} deliveries on a lane taking {@code days} business days, picked up on Tuesdays. */
  static void add(PromiseModel m, String origin, String dest, int days, int n) {
    for (int i = 0; i < n; i++) {
      // Eight Tuesdays of January and February: normal season, no holidays.
      LocalDate ship = TUESDAY.minusWeeks(i % 8 + 1);
      m.add(
          new Sample(
              "ups",
              "Ground",
              origin,
              dest,
              "US",
              ship,
              BusinessCalendar.plusBusinessDays("US", ship, days)));
    }
  }

  static PromiseModel.Query query(String origin, String dest, int elapsed) {
    return new PromiseModel.Query("ups", "Ground", origin, dest, "US", TUESDAY, elapsed);
  }

  @Test
  void predictsTheMedianTheTenToNinetyWindowAndTheSafeDay() {
    PromiseModel m = new PromiseModel(30);
    add(m, "US:070", "US:100", 2, 21);
    add(m, "US:070", "US:100", 3, 49);
    add(m, "US:070", "US:100", 4, 20);
    add(m, "US:070", "US:100", 5, 5);
    add(m, "US:070", "US:100", 7, 5);
    Prediction p = m.predict(query("US:070", "US:100", 0));
    assertEquals(3, p.p50Days());
    assertEquals(2, p.p10Days());
    assertEquals(4, p.p90Days());
    assertEquals(5, p.p95Days());
    assertEquals(LocalDate.of(2026, 3, 6), p.likely());
    assertEquals(LocalDate.of(2026, 3, 5), p.earliest());
    assertEquals(LocalDate.of(2026, 3, 9), p.latest(), "Friday + 1 business day is Monday");
    assertEquals(LocalDate.of(2026, 3, 10), p.safe());
    assertEquals(Level.LANE, p.level());
    assertEquals(100, p.samples());
    assertTrue(p.seasonal());
    assertTrue(p.weekdaySpecific());
  }

  @Test
  void aSparseLaneBacksOffToTheRegionAndSaysSo() {
    PromiseModel m = new PromiseModel(30);
    add(m, "US:070", "US:100", 2, 5);
    add(m, "US:894", "US:100", 4, 60);
    Prediction p = m.predict(query("US:070", "US:100", 0));
    assertEquals(Level.REGION, p.level());
    assertEquals(65, p.samples());
    assertEquals(Confidence.MEDIUM, p.confidence());
  }

  @Test
  void anUnknownRegionBacksOffToTheCountryThenTheCarrier() {
    PromiseModel m = new PromiseModel(30);
    add(m, "US:070", "US:100", 2, 40);
    assertEquals(Level.COUNTRY, m.predict(query("US:070", "US:981", 0)).level());
    Prediction abroad =
        m.predict(new PromiseModel.Query("ups", "Ground", "US:070", "CA:M5V", "CA", TUESDAY, 0));
    assertEquals(Level.CARRIER, abroad.level());
    assertEquals(Confidence.LOW, abroad.confidence());
  }

  @Test
  void aLaneWithHundredsOfDeliveriesIsHighConfidence() {
    PromiseModel m = new PromiseModel(30);
    add(m, "US:070", "US:100", 2, 400);
    assertEquals(Confidence.HIGH, m.predict(query("US:070", "US:100", 0)).confidence());
  }

  @Test
  void otherWeekdaysAreUsedWhenThisWeekdayHasTooFew() {
    PromiseModel m = new PromiseModel(30);
    add(m, "US:070", "US:100", 2, 40);
    Prediction p =
        m.predict(
            new PromiseModel.Query(
                "ups", "Ground", "US:070", "US:100", "US", TUESDAY.plusDays(2), 0));
    assertEquals(Level.LANE, p.level());
    assertFalse(p.weekdaySpecific());
  }

  @Test
  void aParcelStillTravellingIsPredictedFromTheSlowerDeliveriesOnly() {
    PromiseModel m = new PromiseModel(10);
    add(m, "US:070", "US:100", 2, 80);
    add(m, "US:070", "US:100", 5, 20);
    assertEquals(2, m.predict(query("US:070", "US:100", 0)).p50Days());
    Prediction late = m.predict(query("US:070", "US:100", 3));
    assertEquals(5, late.p50Days());
    assertEquals(20, late.samples());
  }

  @Test
  void nothingIsPredictedForACarrierWithoutHistory() {
    PromiseModel m = new PromiseModel(30);
    add(m, "US:070", "US:100", 2, 40);
    assertNull(
        m.predict(new PromiseModel.Query("fedex", "Ground", null, "US:100", "US", TUESDAY, 0)));
  }

  @Test
  void ordersAfterTheCutOffOrOnWeekendsStartTheNextBusinessDay() {
    ZoneId ny = ZoneId.of("America/New_York");
    LocalTime cutoff = LocalTime.of(14, 0);
    ZonedDateTime before = ZonedDateTime.of(TUESDAY, LocalTime.of(13, 59), ny);
    ZonedDateTime after = ZonedDateTime.of(TUESDAY, LocalTime.of(14, 0), ny);
    assertEquals(TUESDAY, Handover.of(before, cutoff, 0, "US"));
    assertEquals(TUESDAY.plusDays(1), Handover.of(before, cutoff, 1, "US"));
    assertEquals(TUESDAY.plusDays(1), Handover.of(after, cutoff, 0, "US"));
    assertEquals(TUESDAY.plusDays(2), Handover.of(after, cutoff, 1, "US"));
    ZonedDateTime saturday = ZonedDateTime.of(LocalDate.of(2026, 3, 7), LocalTime.NOON, ny);
    assertEquals(LocalDate.of(2026, 3, 9), Handover.of(saturday, cutoff, 0, "US"));
    // Wednesday before Thanksgiving, after the cut-off: Friday.
    ZonedDateTime wednesday = ZonedDateTime.of(LocalDate.of(2026, 11, 25), LocalTime.of(15, 0), ny);
    assertEquals(LocalDate.of(2026, 11, 27), Handover.of(wednesday, cutoff, 0, "US"));
  }

  @Test
  void outForDeliveryMeansToday() {
    PromiseModel m = new PromiseModel(30);
    add(m, "US:070", "US:100", 3, 50);
    LocalDate scan = TUESDAY.plusDays(1);
    Prediction p =
        PostPurchase.estimate(m, facts("OUT_FOR_DELIVERY", TUESDAY, scan, "US:100", scan));
    assertEquals(scan, p.likely());
    assertEquals(scan, p.latest());
    assertEquals(scan.plusDays(1), p.safe());
  }

  @Test
  void inTransitIsEstimatedFromTheTimeAlreadyTravelled() {
    PromiseModel m = new PromiseModel(10);
    add(m, "US:070", "US:100", 2, 80);
    add(m, "US:070", "US:100", 5, 20);
    Prediction fresh =
        PostPurchase.estimate(m, facts("IN_TRANSIT", TUESDAY, TUESDAY, "US:070", TUESDAY));
    assertEquals(BusinessCalendar.plusBusinessDays("US", TUESDAY, 2), fresh.likely());
    LocalDate threeDaysIn = BusinessCalendar.plusBusinessDays("US", TUESDAY, 3);
    Prediction late =
        PostPurchase.estimate(m, facts("IN_TRANSIT", TUESDAY, threeDaysIn, "US:170", threeDaysIn));
    assertEquals(BusinessCalendar.plusBusinessDays("US", TUESDAY, 5), late.likely());
  }

  @Test
  void aScanAtTheDestinationDepotMeansTheNextBusinessDay() {
    PromiseModel m = new PromiseModel(10);
    add(m, "US:070", "US:100", 4, 50);
    LocalDate scan = TUESDAY.plusDays(1);
    Prediction p = PostPurchase.estimate(m, facts("IN_TRANSIT", TUESDAY, scan, "US:100", scan));
    assertEquals(scan.plusDays(1), p.likely());
  }

  @Test
  void beforePickupTheHandoverFollowsTheCutOffAndProcessingTime() {
    PromiseModel m = new PromiseModel(10);
    add(m, "US:070", "US:100", 2, 50);
    Prediction p = PostPurchase.estimate(m, facts("ORDER_RECEIVED", null, null, null, TUESDAY));
    // Placed Tuesday 10:00, one processing day: handed over Wednesday, delivered Friday.
    assertEquals(LocalDate.of(2026, 3, 6), p.likely());
    assertNull(PostPurchase.estimate(m, facts("DELIVERED", TUESDAY, TUESDAY, null, TUESDAY)));
  }

  static PostPurchase.Facts facts(
      String status, LocalDate shipped, LocalDate scan, String scanRegion, LocalDate today) {
    return new PostPurchase.Facts(
        "ups",
        "Ground",
        "US:070",
        "US",
        "US:100",
        "US",
        status,
        ZonedDateTime.of(TUESDAY, LocalTime.of(10, 0), ZoneId.of("America/New_York")),
        LocalTime.of(14, 0),
        1,
        shipped,
        scan,
        scanRegion,
        today);
  }
}
