package dev.waybill.connectors.shopify;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the Shopify connector's admin API. */
public final class ShopifyRequests {

  private ShopifyRequests() {}

  @Schema(name = "ConnectShopify")
  public record ConnectShopify(
      @Schema(example = "northwind.myshopify.com", description = "The shop's myshopify.com domain")
          @NotBlank
          @Size(max = 255)
          @Pattern(
              regexp = "(?i)[a-z0-9][a-z0-9-]{0,99}\\.myshopify\\.com",
              message = "must be the shop's <name>.myshopify.com domain")
          String shopDomain,
      @Schema(
              description =
                  "The app's API secret key (client secret), which signs its webhooks. Stored"
                      + " encrypted, never shown again.")
          @NotBlank
          @Size(min = 8, max = 200)
          String webhookSecret,
      @Schema(
              description =
                  "The Admin API access token (shpat_…), for importing past orders and writing"
                      + " status back. Left out, the stored one is kept.")
          @Size(min = 8, max = 200)
          String accessToken,
      @Schema(
              description = "Write each status change back to Shopify's fulfillment",
              defaultValue = "false")
          Boolean writeBack) {}
}
