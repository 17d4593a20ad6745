package dev.waybill.insights.promises;

/**
 * How far to trust a prediction, like carriers' delivery-date confidence codes: HIGH rests on
 * hundreds of deliveries on the same lane or region, MEDIUM on enough deliveries at any level but
 * the carrier-wide one, LOW on few deliveries or on the carrier as a whole.
 */
public enum Confidence {
  HIGH,
  MEDIUM,
  LOW;

  static final int HIGH_SAMPLES = 300;

  static Confidence of(Level level, long samples, int minSamples) {
    if (samples >= HIGH_SAMPLES && (level == Level.LANE || level == Level.REGION)) {
      return HIGH;
    }
    if (samples >= minSamples && level != Level.CARRIER) {
      return MEDIUM;
    }
    return LOW;
  }
}
