package dev.waybill.shipping;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a carrier said about one tracking number, already normalized.
 *
 * @param events every event the carrier reported, any order
 * @param estimatedDelivery the carrier's estimated delivery date, if any
 * @param windowStart start of the carrier's delivery window, if any
 * @param windowEnd end of the carrier's delivery window, if any
 * @param serviceLevel the carrier's service name, if reported
 * @param signedBy who signed for the parcel, if delivered and reported
 * @param proofOfDeliveryUrl a link to the carrier's proof of delivery, if offered
 * @param carrierLink the carrier's own tracking page for this parcel, if it named one (DHL's {@code
 *     serviceUrl}); kept as the shipment's carrier link unless the store gave one
 */
public record TrackingReport(
    String trackingNumber,
    boolean found,
    List<ReportedEvent> events,
    LocalDate estimatedDelivery,
    OffsetDateTime windowStart,
    OffsetDateTime windowEnd,
    String serviceLevel,
    String signedBy,
    String proofOfDeliveryUrl,
    String carrierLink) {

  /** A report without a carrier link of its own: most carriers name none. */
  public TrackingReport(
      String trackingNumber,
      boolean found,
      List<ReportedEvent> events,
      LocalDate estimatedDelivery,
      OffsetDateTime windowStart,
      OffsetDateTime windowEnd,
      String serviceLevel,
      String signedBy,
      String proofOfDeliveryUrl) {
    this(
        trackingNumber,
        found,
        events,
        estimatedDelivery,
        windowStart,
        windowEnd,
        serviceLevel,
        signedBy,
        proofOfDeliveryUrl,
        null);
  }

  public static TrackingReport notFound(String trackingNumber) {
    return new TrackingReport(trackingNumber, false, List.of(), null, null, null, null, null, null);
  }
}
