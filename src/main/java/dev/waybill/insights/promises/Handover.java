package dev.waybill.insights.promises;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/** When an order placed at a given moment is handed to the carrier. */
public final class Handover {

  private Handover() {}

  /**
   * An order placed before the cut-off on a business day starts processing that day, otherwise on
   * the next business day; it is handed over {@code processingDays} business days later (0: the
   * same day).
   *
   * @param placed the moment the order is placed, in the store's time zone
   * @param country the country it ships from, for its business days
   */
  public static LocalDate of(
      ZonedDateTime placed, LocalTime cutoff, int processingDays, String country) {
    LocalDate day = placed.toLocalDate();
    LocalDate start =
        BusinessCalendar.isBusinessDay(country, day) && placed.toLocalTime().isBefore(cutoff)
            ? day
            : BusinessCalendar.onOrAfter(country, day.plusDays(1));
    return BusinessCalendar.plusBusinessDays(country, start, processingDays);
  }
}
