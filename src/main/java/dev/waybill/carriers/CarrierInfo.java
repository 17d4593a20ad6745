package dev.waybill.carriers;

/** A carrier shoppers can see: its code, display name and public tracking page. */
public record CarrierInfo(String code, String name, String trackingUrlTemplate) {

  /**
   * The page a shopper follows for this parcel: the shipment's own carrier link (the store's
   * platform or the carrier named it) when it has one, else the catalogue's page for the number.
   */
  public String link(String trackingNumber, String carrierLink) {
    return carrierLink != null && !carrierLink.isBlank()
        ? carrierLink
        : trackingUrl(trackingNumber);
  }

  /** The carrier's own tracking page for this number, or {@code null} if it has none. */
  public String trackingUrl(String trackingNumber) {
    if (trackingUrlTemplate == null) {
      return null;
    }
    return trackingUrlTemplate.replace(
        "{trackingNumber}",
        java.net.URLEncoder.encode(trackingNumber, java.nio.charset.StandardCharsets.UTF_8)
            .replace("+", "%20"));
  }
}
