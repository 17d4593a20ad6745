package dev.waybill.carriers.sim;

import java.util.List;
import java.util.Locale;

/** The parcel journeys the simulated carrier plays, step by step, in simulated hours. */
public enum Journey {
  ONTIME(
      48,
      step(0, "LC", "Shipping label created", "Oakland", "US"),
      step(4, "PU", "Picked up", "Oakland", "US"),
      step(12, "IT", "Departed sorting hub", "Sacramento", "US"),
      step(26, "IT", "Arrived at destination hub", "Denver", "US"),
      step(40, "OD", "Out for delivery", "Denver", "US"),
      step(44, "DL", "Delivered, front door", "Denver", "US")),
  DELAYED(
      48,
      step(0, "LC", "Shipping label created", "Oakland", "US"),
      step(4, "PU", "Picked up", "Oakland", "US"),
      step(12, "IT", "Departed sorting hub", "Sacramento", "US"),
      step(30, "CD", "Delayed: high parcel volume", "Salt Lake City", "US"),
      step(60, "IT", "Arrived at destination hub", "Denver", "US"),
      step(70, "OD", "Out for delivery", "Denver", "US"),
      step(74, "DL", "Delivered, front door", "Denver", "US")),
  WEATHER(
      48,
      step(0, "LC", "Shipping label created", "Oakland", "US"),
      step(4, "PU", "Picked up", "Oakland", "US"),
      step(14, "WX", "Severe weather, service disruption", "Reno", "US"),
      step(38, "IT", "Departed sorting hub", "Reno", "US"),
      step(54, "OD", "Out for delivery", "Denver", "US"),
      step(58, "DL", "Delivered, front door", "Denver", "US")),
  ADDRESS(
      48,
      step(0, "LC", "Shipping label created", "Oakland", "US"),
      step(4, "PU", "Picked up", "Oakland", "US"),
      step(20, "IT", "Arrived at destination hub", "Denver", "US"),
      step(30, "AD", "Address incomplete, contacting receiver", "Denver", "US"),
      step(46, "OD", "Out for delivery", "Denver", "US"),
      step(50, "DL", "Delivered, front door", "Denver", "US")),
  ATTEMPT(
      48,
      step(0, "LC", "Shipping label created", "Oakland", "US"),
      step(4, "PU", "Picked up", "Oakland", "US"),
      step(20, "IT", "Arrived at destination hub", "Denver", "US"),
      step(30, "OD", "Out for delivery", "Denver", "US"),
      step(34, "NH", "Delivery attempted, nobody home", "Denver", "US"),
      step(54, "OD", "Out for delivery", "Denver", "US"),
      step(58, "DL", "Delivered, handed to resident", "Denver", "US")),
  LOST(48, step(0, "LC", "Shipping label created", "Oakland", "US")),
  /** Moves, then goes silent with no problem reported: only the delay watch notices. */
  STALLED(
      48,
      step(0, "LC", "Shipping label created", "Oakland", "US"),
      step(4, "PU", "Picked up", "Oakland", "US"),
      step(12, "IT", "Departed sorting hub", "Sacramento", "US")),
  RETURNED(
      48,
      step(0, "LC", "Shipping label created", "Oakland", "US"),
      step(4, "PU", "Picked up", "Oakland", "US"),
      step(20, "IT", "Arrived at destination hub", "Denver", "US"),
      step(30, "RF", "Refused by receiver", "Denver", "US"),
      step(34, "RT", "Returning to sender", "Denver", "US"));

  /** One scan: when (simulated hours after the label), what, and where. */
  public record Step(int hour, String code, String description, String city, String country) {}

  private final int promisedHours;
  private final List<Step> steps;

  Journey(int promisedHours, Step... steps) {
    this.promisedHours = promisedHours;
    this.steps = List.of(steps);
  }

  public List<Step> steps() {
    return steps;
  }

  /** When the shopper was told to expect it, in simulated hours after the label. */
  public int promisedHours() {
    return promisedHours;
  }

  /**
   * The journey for a tracking number: named in it ({@code SIM-WEATHER-...}) or else picked by
   * hash, so the same number always plays the same way.
   */
  public static Journey of(String trackingNumber) {
    String upper = trackingNumber.toUpperCase(Locale.ROOT);
    for (Journey j : values()) {
      if (upper.startsWith("SIM-" + j.name() + "-")) {
        return j;
      }
    }
    return values()[Math.floorMod(upper.hashCode(), values().length)];
  }

  private static Step step(int hour, String code, String description, String city, String country) {
    return new Step(hour, code, description, city, country);
  }
}
