package dev.waybill.stores;

import dev.waybill.platform.security.Scope;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Response bodies of the admin API. */
public final class StoreViews {

  private StoreViews() {}

  @Schema(name = "Store")
  public record StoreView(
      UUID id,
      String slug,
      String name,
      Branding branding,
      String defaultLocale,
      String timeZone,
      @Schema(
              description =
                  "The host name set for the store's pages; it serves them only once verified")
          String trackingDomain,
      @Schema(
              description =
                  "Where the tracking domain's ownership check stands, and how to pass it")
          TrackingDomainVerification trackingDomainVerification,
      @Schema(description = "Business days from order to handover") int processingDays,
      @Schema(description = "Orders after this local time count as placed the next business day")
          String orderCutoff,
      @Schema(description = "The store's own API rate limits; absent fields use the defaults")
          RateLimits rateLimits,
      @Schema(description = "https origins allowed to show the store's pages in a frame")
          List<String> embedOrigins,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {

    static StoreView of(Store s) {
      return new StoreView(
          s.id,
          s.slug,
          s.name,
          new Branding(
              s.logoUrl,
              s.primaryColor,
              s.accentColor,
              s.supportEmail,
              s.supportPhone,
              s.supportUrl,
              s.customMessage),
          s.defaultLocale,
          s.timeZone,
          s.trackingDomain,
          TrackingDomainVerification.of(s),
          s.processingDays,
          s.orderCutoff,
          new RateLimits(s.rateLimitPerKey, s.rateLimitPerIp, s.rateLimitWindowSeconds),
          origins(s.embedOrigins),
          s.createdAt,
          s.updatedAt);
    }
  }

  @Schema(
      name = "TrackingDomainVerification",
      description =
          "A tracking domain serves the store's pages once the store has shown it controls the"
              + " domain: publish the DNS TXT record, or serve the token at the HTTP URL, then"
              + " POST /api/v1/admin/stores/{slug}/tracking-domain/verify.")
  public record TrackingDomainVerification(
      @Schema(example = "track.acme.example") String domain,
      Status status,
      OffsetDateTime verifiedAt,
      @Schema(
              description = "The name of the TXT record to publish",
              example = "_waybill-challenge.track.acme.example")
          String dnsRecordName,
      @Schema(description = "The TXT record's value, and the token the HTTP URL must answer")
          String token,
      @Schema(
              description = "Alternatively, the URL on the domain that must answer the token",
              example = "http://track.acme.example/.well-known/waybill-domain/Hq3...")
          String httpUrl) {

    /** Whether the domain serves the store's pages yet. */
    public enum Status {
      PENDING,
      VERIFIED
    }

    static TrackingDomainVerification of(Store s) {
      if (s.trackingDomain == null) {
        return null;
      }
      if (s.trackingDomainVerifiedAt != null) {
        return new TrackingDomainVerification(
            s.trackingDomain, Status.VERIFIED, s.trackingDomainVerifiedAt, null, null, null);
      }
      return new TrackingDomainVerification(
          s.trackingDomain,
          Status.PENDING,
          null,
          DomainOwnership.dnsName(s.trackingDomain),
          s.trackingDomainToken,
          s.trackingDomainToken == null
              ? null
              : DomainOwnership.httpUrl(s.trackingDomain, s.trackingDomainToken));
    }
  }

  static List<String> origins(String spaceSeparated) {
    return spaceSeparated == null || spaceSeparated.isBlank()
        ? List.of()
        : List.of(spaceSeparated.trim().split(" +"));
  }

  @Schema(name = "IssuedKey", description = "A new key. The secret in 'key' is shown only once.")
  public record IssuedKey(
      UUID id,
      @Schema(example = "wb_sec_Xy12ab34_...") String key,
      @Schema(example = "wb_sec_Xy12ab34") String prefix,
      String name,
      Set<Scope> scopes,
      OffsetDateTime createdAt) {}

  @Schema(name = "ApiKey")
  public record KeyView(
      UUID id,
      String prefix,
      String name,
      Set<Scope> scopes,
      OffsetDateTime createdAt,
      OffsetDateTime lastUsedAt,
      OffsetDateTime revokedAt) {}
}
