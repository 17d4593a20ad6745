package dev.waybill.connectors.woocommerce;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the WooCommerce connector's admin API. */
public final class WooRequests {

  private WooRequests() {}

  @Schema(name = "ConnectWooCommerce")
  public record ConnectWooCommerce(
      @Schema(
              example = "https://shop.example.com",
              description =
                  "The store's site URL (WordPress's Site Address), as WooCommerce sends it in"
                      + " X-WC-Webhook-Source; https")
          @NotBlank
          @Size(max = 255)
          String siteUrl,
      @Schema(
              description =
                  "The secret typed into each of the site's webhooks, which signs them. Stored"
                      + " encrypted, never shown again.")
          @NotBlank
          @Size(min = 8, max = 200)
          String webhookSecret,
      @Schema(
              example = "ck_…",
              description =
                  "A REST API key with Read access, for importing past orders and the safety"
                      + " sweep. Left out, the stored one is kept.")
          @Size(max = 200)
          @Pattern(regexp = "ck_[A-Za-z0-9]{8,120}", message = "must be a consumer key (ck_…)")
          String consumerKey,
      @Schema(example = "cs_…", description = "The key's consumer secret, stored encrypted.")
          @Size(max = 200)
          @Pattern(regexp = "cs_[A-Za-z0-9]{8,120}", message = "must be a consumer secret (cs_…)")
          String consumerSecret) {}
}
