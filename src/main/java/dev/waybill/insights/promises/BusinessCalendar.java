package dev.waybill.insights.promises;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Business days per country: Monday to Friday, minus the public holidays on which carriers do not
 * deliver. Holidays are computed by rule for any year (fixed dates, nth weekdays and Easter-based
 * days) for US, CA, GB, DE, FR and NL, national holidays only: regional ones such as German state
 * holidays are left out because carriers mostly work through them. A fixed-date holiday on a
 * weekend is observed as the law of the country says: in the US on the Friday before or the Monday
 * after, in Great Britain and Canada on the next free weekday. In every one of those countries
 * Christmas Eve and New Year's Eve count as closed too, as carriers treat them. Any other country
 * gets weekends only.
 */
public final class BusinessCalendar {

  private static final Map<String, Set<LocalDate>> HOLIDAYS = new ConcurrentHashMap<>();
  private static final Set<Integer> YEARS = ConcurrentHashMap.newKeySet();

  private BusinessCalendar() {}

  private static Set<LocalDate> holidays(String country, LocalDate day) {
    // Observed days can fall in the year before (1 January on a Saturday is observed on 31
    // December in the US), so the next year is computed as well.
    known(day.getYear());
    known(day.getYear() + 1);
    return HOLIDAYS.get(upper(country));
  }

  private static void known(int year) {
    if (!YEARS.contains(year)) {
      synchronized (YEARS) {
        if (!YEARS.contains(year)) {
          compute(year);
          YEARS.add(year);
        }
      }
    }
  }

  private static void compute(int year) {
    LocalDate easter = easterSunday(year);
    us(LocalDate.of(year, 1, 1));
    add("US", nth(year, Month.JANUARY, DayOfWeek.MONDAY, 3)); // Martin Luther King Jr. Day
    add("US", nth(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3)); // Presidents' Day
    add("US", LocalDate.of(year, 5, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    us(LocalDate.of(year, 6, 19));
    us(LocalDate.of(year, 7, 4));
    add("US", nth(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1)); // Labor Day
    us(LocalDate.of(year, 11, 11));
    add("US", thanksgiving(year));
    us(LocalDate.of(year, 12, 25));

    substitute("CA", LocalDate.of(year, 1, 1));
    add("CA", easter.minusDays(2));
    add("CA", LocalDate.of(year, 5, 24).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    substitute("CA", LocalDate.of(year, 7, 1));
    add("CA", nth(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1));
    add("CA", nth(year, Month.OCTOBER, DayOfWeek.MONDAY, 2)); // Thanksgiving
    substitute("CA", LocalDate.of(year, 12, 25));
    substitute("CA", LocalDate.of(year, 12, 26));

    substitute("GB", LocalDate.of(year, 1, 1));
    add("GB", easter.minusDays(2));
    add("GB", easter.plusDays(1));
    add("GB", nth(year, Month.MAY, DayOfWeek.MONDAY, 1));
    add("GB", LocalDate.of(year, 5, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    add("GB", LocalDate.of(year, 8, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    substitute("GB", LocalDate.of(year, 12, 25));
    substitute("GB", LocalDate.of(year, 12, 26));

    add("DE", LocalDate.of(year, 1, 1));
    add("DE", easter.minusDays(2));
    add("DE", easter.plusDays(1));
    add("DE", LocalDate.of(year, 5, 1));
    add("DE", easter.plusDays(39)); // Ascension
    add("DE", easter.plusDays(50)); // Whit Monday
    add("DE", LocalDate.of(year, 10, 3));
    add("DE", LocalDate.of(year, 12, 25));
    add("DE", LocalDate.of(year, 12, 26));

    add("FR", LocalDate.of(year, 1, 1));
    add("FR", easter.plusDays(1));
    add("FR", LocalDate.of(year, 5, 1));
    add("FR", LocalDate.of(year, 5, 8));
    add("FR", easter.plusDays(39));
    add("FR", easter.plusDays(50));
    add("FR", LocalDate.of(year, 7, 14));
    add("FR", LocalDate.of(year, 8, 15));
    add("FR", LocalDate.of(year, 11, 1));
    add("FR", LocalDate.of(year, 11, 11));
    add("FR", LocalDate.of(year, 12, 25));

    add("NL", LocalDate.of(year, 1, 1));
    add("NL", easter.minusDays(2));
    add("NL", easter.plusDays(1));
    // King's Day moves to the 26th when the 27th is a Sunday.
    LocalDate kingsDay = LocalDate.of(year, 4, 27);
    add("NL", kingsDay.getDayOfWeek() == DayOfWeek.SUNDAY ? kingsDay.minusDays(1) : kingsDay);
    add("NL", easter.plusDays(39));
    add("NL", easter.plusDays(50));
    add("NL", LocalDate.of(year, 12, 25));
    add("NL", LocalDate.of(year, 12, 26));

    // Christmas Eve and New Year's Eve are no public holidays, but carriers close for them or stop
    // at noon (DHL, GLS and DPD in Germany, PostNL's parcels, UPS and FedEx on modified service):
    // most parcels that would arrive that day arrive on the next business day, so a promise
    // counting it would be a day early.
    for (String country : CLOSING_ON_EVES) {
      add(country, LocalDate.of(year, 12, 24));
      add(country, LocalDate.of(year, 12, 31));
    }
  }

  private static final List<String> CLOSING_ON_EVES = List.of("US", "CA", "GB", "DE", "FR", "NL");

  private static void add(String country, LocalDate day) {
    HOLIDAYS.computeIfAbsent(country, k -> ConcurrentHashMap.newKeySet()).add(day);
  }

  /** A US federal holiday: on a Saturday it is observed the Friday before, on a Sunday after. */
  private static void us(LocalDate day) {
    add(
        "US",
        switch (day.getDayOfWeek()) {
          case SATURDAY -> day.minusDays(1);
          case SUNDAY -> day.plusDays(1);
          default -> day;
        });
  }

  /** A holiday on a weekend moves to the next weekday not already a holiday (GB, CA). */
  private static void substitute(String country, LocalDate day) {
    LocalDate d = day;
    Set<LocalDate> known = HOLIDAYS.getOrDefault(country, Set.of());
    while (d.getDayOfWeek() == DayOfWeek.SATURDAY
        || d.getDayOfWeek() == DayOfWeek.SUNDAY
        || known.contains(d)) {
      d = d.plusDays(1);
    }
    add(country, d);
  }

  /** Whether parcels move and arrive on this day in this country. */
  public static boolean isBusinessDay(String country, LocalDate day) {
    DayOfWeek dow = day.getDayOfWeek();
    if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
      return false;
    }
    Set<LocalDate> holidays = country == null ? null : holidays(country, day);
    return holidays == null || !holidays.contains(day);
  }

  public static boolean isHoliday(String country, LocalDate day) {
    Set<LocalDate> holidays = country == null ? null : holidays(country, day);
    return holidays != null && holidays.contains(day);
  }

  /** The day itself if it is a business day, otherwise the next one. */
  public static LocalDate onOrAfter(String country, LocalDate day) {
    LocalDate d = day;
    while (!isBusinessDay(country, d)) {
      d = d.plusDays(1);
    }
    return d;
  }

  /**
   * The {@code n}th business day after {@code from}; with {@code n = 0}, {@code from} rolled on.
   */
  public static LocalDate plusBusinessDays(String country, LocalDate from, int n) {
    LocalDate d = onOrAfter(country, from);
    for (int i = 0; i < n; i++) {
      d = onOrAfter(country, d.plusDays(1));
    }
    return d;
  }

  /**
   * Business days from {@code from} to {@code to}: the business days after {@code from} up to and
   * including {@code to}, where a {@code to} on a weekend or holiday counts as the next business
   * day. So a Saturday delivery counts like the Monday after it, and {@code plusBusinessDays(from,
   * between(from, to))} is never earlier than {@code to}.
   */
  public static int between(String country, LocalDate from, LocalDate to) {
    LocalDate start = onOrAfter(country, from);
    LocalDate end = onOrAfter(country, to);
    if (!end.isAfter(start)) {
      return 0;
    }
    int n = 0;
    for (LocalDate d = start.plusDays(1); !d.isAfter(end); d = d.plusDays(1)) {
      if (isBusinessDay(country, d)) {
        n++;
      }
    }
    return n;
  }

  /** US Thanksgiving, the fourth Thursday of November. */
  public static LocalDate thanksgiving(int year) {
    return nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4);
  }

  private static LocalDate nth(int year, Month month, DayOfWeek dow, int n) {
    return LocalDate.of(year, month, 1).with(TemporalAdjusters.firstInMonth(dow)).plusWeeks(n - 1L);
  }

  /** Anonymous Gregorian algorithm. */
  static LocalDate easterSunday(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = ((h + l - 7 * m + 114) % 31) + 1;
    return LocalDate.of(year, month, day);
  }

  private static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
