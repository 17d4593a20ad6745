package dev.waybill.carriers.spi;

import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import java.util.Locale;
import java.util.Map;

/**
 * A carrier's status codes and what they mean in Waybill's vocabulary. Every carrier has one; a
 * code missing from it maps to {@link TrackingStatus#UNKNOWN}, never to a guess.
 */
public final class StatusTable {

  /** A mapped code. */
  public record Mapping(TrackingStatus status, ExceptionReason reason) {}

  public static final Mapping UNKNOWN = new Mapping(TrackingStatus.UNKNOWN, null);

  private final Map<String, Mapping> codes;

  private StatusTable(Map<String, Mapping> codes) {
    this.codes = codes;
  }

  /** Codes are matched case-insensitively. */
  public static StatusTable of(Map<String, Mapping> codes) {
    Map<String, Mapping> normalized = new java.util.HashMap<>();
    codes.forEach((k, v) -> normalized.put(k.toUpperCase(Locale.ROOT), v));
    return new StatusTable(Map.copyOf(normalized));
  }

  public static Mapping to(TrackingStatus status) {
    return new Mapping(status, null);
  }

  public static Mapping to(TrackingStatus status, ExceptionReason reason) {
    return new Mapping(status, reason);
  }

  public Mapping map(String code) {
    if (code == null) {
      return UNKNOWN;
    }
    Mapping m = codes.get(code.toUpperCase(Locale.ROOT));
    return m == null ? UNKNOWN : m;
  }

  public boolean knows(String code) {
    return code != null && codes.containsKey(code.toUpperCase(Locale.ROOT));
  }

  /** Every code, for the published mapping tables. */
  public Map<String, Mapping> all() {
    return codes;
  }
}
