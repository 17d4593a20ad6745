package dev.waybill.stores;

import dev.waybill.platform.security.Scope;
import dev.waybill.platform.validation.TimeZoneId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the admin API. */
public final class StoreRequests {

  static final String LOCALE = "[a-z]{2}(-[A-Z]{2})?";
  static final String LOCALE_MESSAGE = "must be a language tag like en or de-DE";
  static final String DOMAIN = "(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}";
  static final String DOMAIN_MESSAGE = "must be a lowercase host name like track.example.com";
  static final String ORIGIN =
      "https://([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:[0-9]{1,5})?";
  static final String ORIGIN_MESSAGE =
      "must be an https origin like https://shop.example.com (no path, lowercase)";

  private StoreRequests() {}

  @Schema(name = "CreateStore")
  public record CreateStore(
      @Schema(example = "acme", description = "URL-safe identifier, unique")
          @NotBlank
          @Pattern(
              regexp = "[a-z0-9][a-z0-9-]{1,62}",
              message = "must be 2-63 lowercase letters, digits or dashes")
          String slug,
      @Schema(example = "Acme Outdoor") @NotBlank @Size(max = 200) String name,
      @Valid Branding branding,
      @Schema(example = "en", defaultValue = "en")
          @Pattern(regexp = LOCALE, message = LOCALE_MESSAGE)
          String defaultLocale,
      @Schema(example = "Europe/Berlin", defaultValue = "UTC") @TimeZoneId String timeZone,
      @Schema(
              example = "track.acme.example",
              description = "A host name pointed at Waybill that serves this store's /track page")
          @Pattern(regexp = DOMAIN, message = DOMAIN_MESSAGE)
          String trackingDomain) {}

  @Schema(name = "UpdateStore", description = "Fields left out stay as they are")
  public record UpdateStore(
      @Size(min = 1, max = 200) String name,
      @Valid Branding branding,
      @Pattern(regexp = LOCALE, message = LOCALE_MESSAGE) String defaultLocale,
      @TimeZoneId String timeZone,
      @Schema(example = "track.acme.example") @Pattern(regexp = DOMAIN, message = DOMAIN_MESSAGE)
          String trackingDomain,
      @Schema(
              example = "1",
              description = "Business days from order to handover to the carrier (0: same day)")
          @Min(0)
          @Max(30)
          Integer processingDays,
      @Schema(
              example = "14:00",
              description =
                  "Local time in the store's time zone after which an order counts as placed"
                      + " on the next business day")
          @Pattern(regexp = "([01][0-9]|2[0-3]):[0-5][0-9]", message = "must be a time like 14:00")
          String orderCutoff,
      @Schema(
              description =
                  "The store's own API rate limits; replaces earlier ones as a whole, and an"
                      + " empty object returns to the platform defaults. A store's key may only"
                      + " lower them (403 naming the field otherwise); the platform admin token"
                      + " may also raise them")
          @Valid
          RateLimits rateLimits,
      @Schema(
              example = "[\"https://shop.example.com\"]",
              description =
                  "https origins allowed to show the store's shopper pages in a frame (an empty"
                      + " list allows none); replaces the earlier list")
          @Size(max = 20)
          List<@NotNull @Size(max = 100) @Pattern(regexp = ORIGIN, message = ORIGIN_MESSAGE) String>
              embedOrigins) {}

  @Schema(name = "CreateKey")
  public record CreateKey(
      @Schema(example = "[\"orders:write\"]") @NotNull @NotEmpty Set<@NotNull Scope> scopes,
      @Schema(example = "Fulfilment system") @Size(max = 100) String name) {}
}
