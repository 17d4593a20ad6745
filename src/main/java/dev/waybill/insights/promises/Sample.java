package dev.waybill.insights.promises;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * One past delivery as the model counts it: its lane, the local day it was handed to the carrier
 * and its transit time in the destination country's business days.
 */
public record Sample(
    String carrier,
    String service,
    String originRegion,
    String destinationRegion,
    String destinationCountry,
    LocalDate shipDate,
    LocalDate deliveryDate) {

  public int transitDays() {
    return BusinessCalendar.between(destinationCountry, shipDate, deliveryDate);
  }

  /** The business day the carrier starts on it: a Saturday handover moves on like the parcel. */
  public LocalDate pickupDay() {
    return BusinessCalendar.onOrAfter(destinationCountry, shipDate);
  }

  public Season season() {
    return Season.of(pickupDay());
  }

  /** 1 (Monday) to 5 (Friday). */
  public int pickupWeekday() {
    return weekday(pickupDay());
  }

  static int weekday(LocalDate businessDay) {
    DayOfWeek d = businessDay.getDayOfWeek();
    return Math.min(d.getValue(), 5);
  }
}
