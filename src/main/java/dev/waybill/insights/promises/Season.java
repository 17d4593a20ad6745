package dev.waybill.insights.promises;

import java.time.LocalDate;

/**
 * Peak weeks, when carriers carry the most and run slowest: from the Monday of US Thanksgiving week
 * (Black Friday) to the end of December. Everything else is normal.
 */
public enum Season {
  NORMAL,
  PEAK;

  public static Season of(LocalDate day) {
    LocalDate start = BusinessCalendar.thanksgiving(day.getYear()).minusDays(3);
    return day.isBefore(start) ? NORMAL : PEAK;
  }
}
