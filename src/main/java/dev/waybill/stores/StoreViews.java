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
      String trackingDomain,
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
          s.processingDays,
          s.orderCutoff,
          new RateLimits(s.rateLimitPerKey, s.rateLimitPerIp, s.rateLimitWindowSeconds),
          origins(s.embedOrigins),
          s.createdAt,
          s.updatedAt);
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
