package dev.waybill.insights.promises;

/** How specific the history behind a prediction is, finest first. */
public enum Level {
  /** Carrier, service, origin region and destination region. */
  LANE,
  /** Carrier, service and destination region, from any origin. */
  REGION,
  /** Carrier, service and destination country. */
  COUNTRY,
  /** Carrier and service, anywhere. */
  CARRIER;

  public String value() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The key of a shipment's lane at this level, or {@code null} when a part is unknown. */
  public String key(
      String carrier, String service, String originRegion, String destRegion, String country) {
    String cs = carrier + "|" + (service == null ? "" : service);
    return switch (this) {
      case LANE ->
          originRegion == null || destRegion == null
              ? null
              : cs + "|" + originRegion + "|" + destRegion;
      case REGION -> destRegion == null ? null : cs + "|" + destRegion;
      case COUNTRY -> country == null ? null : cs + "|" + country;
      case CARRIER -> cs;
    };
  }
}
