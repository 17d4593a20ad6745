package dev.waybill.insights.promises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

  @Test
  void weekendsAndNationalHolidaysAreNotBusinessDays() {
    assertFalse(BusinessCalendar.isBusinessDay("US", LocalDate.of(2026, 11, 26))); // Thanksgiving
    assertFalse(BusinessCalendar.isBusinessDay("DE", LocalDate.of(2026, 10, 3))); // Saturday too
    assertFalse(BusinessCalendar.isBusinessDay("DE", LocalDate.of(2026, 4, 6))); // Easter Monday
    assertFalse(BusinessCalendar.isBusinessDay("GB", LocalDate.of(2026, 8, 31))); // bank holiday
    assertFalse(BusinessCalendar.isBusinessDay("FR", LocalDate.of(2026, 7, 14)));
    assertFalse(BusinessCalendar.isBusinessDay("NL", LocalDate.of(2026, 4, 27))); // King's Day
    assertFalse(BusinessCalendar.isBusinessDay("CA", LocalDate.of(2026, 7, 1)));
    assertFalse(BusinessCalendar.isBusinessDay("US", LocalDate.of(2026, 11, 28))); // Saturday
    assertTrue(BusinessCalendar.isBusinessDay("US", LocalDate.of(2026, 11, 27)));
    assertTrue(BusinessCalendar.isBusinessDay("DE", LocalDate.of(2026, 11, 26)));
  }

  @Test
  void holidaysFollowTheirRulesInAnyYear() {
    assertFalse(BusinessCalendar.isBusinessDay("US", LocalDate.of(2031, 11, 27))); // Thanksgiving
    assertFalse(BusinessCalendar.isBusinessDay("DE", LocalDate.of(2031, 4, 14))); // Easter Monday
    assertTrue(BusinessCalendar.isBusinessDay("DE", LocalDate.of(2031, 4, 15)));
  }

  @Test
  void weekendHolidaysAreObservedAsEachCountryDoes() {
    // 4 July 2026 is a Saturday: observed on Friday 3 July in the US.
    assertFalse(BusinessCalendar.isBusinessDay("US", LocalDate.of(2026, 7, 3)));
    // 1 January 2028 is a Saturday: observed on Friday 31 December 2027.
    assertFalse(BusinessCalendar.isBusinessDay("US", LocalDate.of(2027, 12, 31)));
    // Christmas 2027 is a Saturday and Boxing Day a Sunday: Monday and Tuesday off in Britain.
    assertFalse(BusinessCalendar.isBusinessDay("GB", LocalDate.of(2027, 12, 27)));
    assertFalse(BusinessCalendar.isBusinessDay("GB", LocalDate.of(2027, 12, 28)));
    assertTrue(BusinessCalendar.isBusinessDay("GB", LocalDate.of(2027, 12, 29)));
    // Germany does not move them.
    assertTrue(BusinessCalendar.isBusinessDay("DE", LocalDate.of(2027, 12, 27)));
  }

  @Test
  void carriersAreClosedFromChristmasEveToBoxingDayAndOnNewYearsEveAndDay() {
    for (String country : new String[] {"US", "CA", "GB", "DE", "FR", "NL"}) {
      assertFalse(BusinessCalendar.isBusinessDay(country, LocalDate.of(2026, 12, 24)), country);
      assertFalse(BusinessCalendar.isBusinessDay(country, LocalDate.of(2026, 12, 25)), country);
      assertFalse(BusinessCalendar.isBusinessDay(country, LocalDate.of(2026, 12, 31)), country);
      assertFalse(BusinessCalendar.isBusinessDay(country, LocalDate.of(2027, 1, 1)), country);
      assertTrue(BusinessCalendar.isBusinessDay(country, LocalDate.of(2026, 12, 23)), country);
    }
    // Boxing Day where it is a holiday; a working day in the US and France.
    assertFalse(BusinessCalendar.isBusinessDay("DE", LocalDate.of(2030, 12, 26)));
    assertFalse(BusinessCalendar.isBusinessDay("GB", LocalDate.of(2030, 12, 26)));
    assertTrue(BusinessCalendar.isBusinessDay("US", LocalDate.of(2030, 12, 26)));
    // A parcel picked up on 23 December 2026 in Germany takes one business day to 28 December.
    assertEquals(
        LocalDate.of(2026, 12, 28),
        BusinessCalendar.plusBusinessDays("DE", LocalDate.of(2026, 12, 23), 1));
  }

  @Test
  void countriesOutsideTheTableHaveWeekendsOnly() {
    assertTrue(BusinessCalendar.isBusinessDay("JP", LocalDate.of(2026, 12, 25)));
    assertFalse(BusinessCalendar.isBusinessDay("JP", LocalDate.of(2026, 12, 26)));
  }

  @Test
  void easterIsComputedForEveryYearOfTheTable() {
    assertEquals(LocalDate.of(2025, 4, 20), BusinessCalendar.easterSunday(2025));
    assertEquals(LocalDate.of(2026, 4, 5), BusinessCalendar.easterSunday(2026));
    assertEquals(LocalDate.of(2027, 3, 28), BusinessCalendar.easterSunday(2027));
  }

  @Test
  void businessDaysSkipWeekendsAndHolidays() {
    // Wednesday before Thanksgiving + 2 business days: Friday, then Monday.
    assertEquals(
        LocalDate.of(2026, 11, 30),
        BusinessCalendar.plusBusinessDays("US", LocalDate.of(2026, 11, 25), 2));
    assertEquals(
        2, BusinessCalendar.between("US", LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 30)));
  }

  @Test
  void aSaturdayDeliveryCountsLikeTheMondayAfterIt() {
    LocalDate friday = LocalDate.of(2026, 3, 6);
    LocalDate saturday = friday.plusDays(1);
    int days = BusinessCalendar.between("DE", friday, saturday);
    assertEquals(1, days);
    assertFalse(BusinessCalendar.plusBusinessDays("DE", friday, days).isBefore(saturday));
  }

  @Test
  void peakSeasonStartsOnTheMondayOfThanksgivingWeek() {
    assertEquals(Season.NORMAL, Season.of(LocalDate.of(2026, 11, 22)));
    assertEquals(Season.PEAK, Season.of(LocalDate.of(2026, 11, 23)));
    assertEquals(Season.PEAK, Season.of(LocalDate.of(2026, 12, 31)));
    assertEquals(Season.NORMAL, Season.of(LocalDate.of(2027, 1, 1)));
  }

  @Test
  void regionsArePostalPrefixesByCountryOrTheState() {
    assertEquals("US:100", Regions.of("us", "10001-1234", null));
    assertEquals("CA:M5V", Regions.of("CA", "M5V 2T6", null));
    assertEquals("GB:SW", Regions.of("GB", "SW1A 1AA", null));
    assertEquals("GB:E", Regions.of("GB", "E1 6AN", null));
    assertEquals("DE:10", Regions.of("DE", "10115", null));
    assertEquals("US:NY", Regions.of("US", null, "ny"));
    assertEquals(null, Regions.of("US", null, null));
  }
}
