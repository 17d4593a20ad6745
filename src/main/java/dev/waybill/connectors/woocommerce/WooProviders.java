package dev.waybill.connectors.woocommerce;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Shipping providers as the Shipment Tracking extension and the Advanced Shipment Tracking plugin
 * store them, mapped to Waybill carrier codes. Both store {@code tracking_provider} as a slug of
 * the provider's name ({@code "Royal Mail"} becomes {@code royal-mail}); a custom provider's name
 * is typed by the merchant, so names are compared as slugs. A provider missing here leaves the
 * carrier to detection from the tracking number.
 */
public final class WooProviders {

  private static final Map<String, String> TABLE =
      Map.ofEntries(
          // United States
          Map.entry("ups", "ups"),
          Map.entry("ups-germany", "ups"),
          Map.entry("ups-netherlands", "ups"),
          Map.entry("ups-se", "ups"),
          Map.entry("united-parcel-service", "ups"),
          Map.entry("usps", "usps"),
          Map.entry("united-states-postal-service", "usps"),
          Map.entry("fedex", "fedex"),
          Map.entry("fedex-sameday", "fedex"),
          Map.entry("ontrac", "ontrac"),
          Map.entry("dhl-us", "dhl-ecommerce"),
          Map.entry("dhl-ecommerce", "dhl-ecommerce"),
          Map.entry("amazon-logistics", "amazon-logistics"),
          // DHL group
          Map.entry("dhl", "dhl"),
          Map.entry("dhl-express", "dhl-express"),
          Map.entry("dhl-parcel-uk", "dhl"),
          Map.entry("dhl-intraship-de", "dhl-paket"),
          Map.entry("dhl-paket", "dhl-paket"),
          Map.entry("deutsche-post-dhl", "deutsche-post"),
          Map.entry("deutsche-post", "deutsche-post"),
          // United Kingdom and Ireland
          Map.entry("royal-mail", "royal-mail"),
          Map.entry("parcelforce", "parcelforce"),
          Map.entry("parcel-force", "parcelforce"),
          Map.entry("dpd-co-uk", "dpd-uk"),
          Map.entry("dpd-uk", "dpd-uk"),
          Map.entry("evri", "evri"),
          Map.entry("hermes-uk", "evri"),
          Map.entry("yodel", "yodel"),
          Map.entry("an-post", "an-post"),
          // Europe
          Map.entry("dpd", "dpd"),
          Map.entry("dpd-de", "dpd"),
          Map.entry("dpd-nl", "dpd"),
          Map.entry("dpd-at", "dpd"),
          Map.entry("dpd-pl", "dpd"),
          Map.entry("dpd-ie", "dpd"),
          Map.entry("gls", "gls"),
          Map.entry("hermes-germany", "hermes-de"),
          Map.entry("hermes", "hermes-de"),
          Map.entry("postnl", "postnl"),
          Map.entry("bpost", "bpost"),
          Map.entry("colissimo", "la-poste"),
          Map.entry("la-poste", "la-poste"),
          Map.entry("chronopost", "chronopost"),
          Map.entry("correos", "correos"),
          Map.entry("poste-italiane", "poste-italiane"),
          Map.entry("post-at", "austrian-post"),
          Map.entry("austrian-post", "austrian-post"),
          Map.entry("swiss-post", "swiss-post"),
          Map.entry("inpost", "inpost"),
          Map.entry("poczta-polska", "poczta-polska"),
          Map.entry("postnord-sverige-ab", "postnord"),
          Map.entry("postnord", "postnord"),
          Map.entry("posten-norge", "posten-norge"),
          Map.entry("bring-se", "posten-norge"),
          Map.entry("itella", "posti"),
          Map.entry("posti", "posti"),
          // Elsewhere
          Map.entry("canada-post", "canada-post"),
          Map.entry("purolator", "purolator"),
          Map.entry("canpar", "canpar"),
          Map.entry("australia-post", "australia-post"),
          Map.entry("nz-post", "nz-post"),
          Map.entry("aramex", "aramex"),
          Map.entry("japan-post", "japan-post"),
          Map.entry("sf-express", "sf-express"),
          Map.entry("singapore-post", "singapore-post"),
          Map.entry("china-post", "china-post"),
          Map.entry("hong-kong-post", "hongkong-post"),
          Map.entry("sendle", "sendle"));

  private WooProviders() {}

  /** The Waybill carrier code for a provider slug or name, when the table has one. */
  public static Optional<String> carrierOf(String provider) {
    String slug = slug(provider);
    return slug.isEmpty() ? Optional.empty() : Optional.ofNullable(TABLE.get(slug));
  }

  /** WordPress's {@code sanitize_title} in short: lower case, runs of other characters as "-". */
  static String slug(String name) {
    if (name == null) {
      return "";
    }
    return name.strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-+|-+$", "");
  }
}
