package dev.waybill.shipping;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which status may follow which: the one rule for every source of events.
 *
 * <ul>
 *   <li>A shipment's status follows its latest event by the time it happened; an older event that
 *       arrives late only adds history. That ordering is the timeline writer's job; this table
 *       decides whether the latest event's status may replace the current one.
 *   <li>A late ordinary scan never undoes a delivery, whoever sends it: after {@code DELIVERED}
 *       only an {@code EXCEPTION} (damaged, refused) or a {@code RETURNED_TO_SENDER} moves the
 *       parcel on.
 *   <li>{@code UNKNOWN} (a carrier code missing from a status table) never moves a shipment; it is
 *       kept as history and reported, not shown as progress.
 *   <li>A {@link EventSource#CORRECTION} is the merchant's explicit, audited overrule: it may set
 *       any known status, and the status history records it as a correction.
 * </ul>
 */
public final class Transitions {

  private static final Map<TrackingStatus, Set<TrackingStatus>> ORDINARY = ordinary();

  private Transitions() {}

  /**
   * The status a shipment in {@code current} takes when {@code source} reports {@code reported}.
   */
  public static TrackingStatus next(
      TrackingStatus current, TrackingStatus reported, EventSource source) {
    return allowed(current, reported, source) ? reported : current;
  }

  /** Whether {@code source} may move a shipment from {@code current} to {@code reported}. */
  public static boolean allowed(
      TrackingStatus current, TrackingStatus reported, EventSource source) {
    if (reported == TrackingStatus.UNKNOWN) {
      return false;
    }
    return source.overrules() || ORDINARY.get(current).contains(reported);
  }

  /** What may follow each status for an ordinary report, as one read-only table. */
  public static Map<TrackingStatus, Set<TrackingStatus>> table() {
    return ORDINARY;
  }

  private static Map<TrackingStatus, Set<TrackingStatus>> ordinary() {
    Set<TrackingStatus> known = EnumSet.complementOf(EnumSet.of(TrackingStatus.UNKNOWN));
    Map<TrackingStatus, Set<TrackingStatus>> table = new EnumMap<>(TrackingStatus.class);
    for (TrackingStatus from : TrackingStatus.values()) {
      table.put(from, Collections.unmodifiableSet(EnumSet.copyOf(known)));
    }
    table.put(
        TrackingStatus.DELIVERED,
        Collections.unmodifiableSet(
            EnumSet.of(
                TrackingStatus.DELIVERED,
                TrackingStatus.EXCEPTION,
                TrackingStatus.RETURNED_TO_SENDER)));
    return Collections.unmodifiableMap(table);
  }
}
