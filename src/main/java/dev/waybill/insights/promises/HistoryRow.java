package dev.waybill.insights.promises;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/** One past delivery from an import file (or a delivered shipment), validated. */
public record HistoryRow(
    String externalId,
    String carrier,
    String service,
    String originPostalCode,
    String originCountry,
    String originRegion,
    String destinationPostalCode,
    String destinationCountry,
    String destinationRegion,
    OffsetDateTime placedAt,
    OffsetDateTime shippedAt,
    OffsetDateTime deliveredAt,
    Integer publishedMinDays,
    Integer publishedMaxDays) {

  /** The model's view: the lane, and local days as the carrier's scans show them. */
  public Sample sample() {
    return new Sample(
        carrier,
        service == null ? "" : service,
        Regions.of(originCountry, originPostalCode, originRegion),
        Regions.of(destinationCountry, destinationPostalCode, destinationRegion),
        destinationCountry,
        shippedAt.toLocalDate(),
        deliveredAt.toLocalDate());
  }

  /**
   * What makes a row the same row when a file is imported again: its external id when it has one,
   * otherwise a hash of everything in it.
   */
  public String key() {
    if (externalId != null) {
      return "x:" + externalId;
    }
    String all =
        String.join(
            "|",
            carrier,
            String.valueOf(service),
            String.valueOf(originPostalCode),
            String.valueOf(originCountry),
            String.valueOf(originRegion),
            String.valueOf(destinationPostalCode),
            destinationCountry,
            String.valueOf(destinationRegion),
            String.valueOf(placedAt == null ? null : placedAt.toInstant()),
            shippedAt.toInstant().toString(),
            deliveredAt.toInstant().toString(),
            String.valueOf(publishedMinDays),
            String.valueOf(publishedMaxDays));
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(all.getBytes(StandardCharsets.UTF_8));
      return "h:" + HexFormat.of().formatHex(hash, 0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
