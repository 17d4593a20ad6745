package dev.waybill.carriers.spi;

/**
 * One number to track, with what the order knows about where it goes, for carriers whose API takes
 * such hints ({@link CarrierAdapter#wantsDestination()}); the hints are {@code null} when unknown
 * or not asked for.
 *
 * @param postalCode the recipient's postal code
 * @param country the destination country, ISO 3166-1 alpha-2
 * @param language the shopper's language, ISO 639-1
 */
public record TrackingQuery(
    String trackingNumber, String postalCode, String country, String language) {

  /** A number without hints. */
  public static TrackingQuery of(String trackingNumber) {
    return new TrackingQuery(trackingNumber, null, null, null);
  }
}
