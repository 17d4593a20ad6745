package dev.waybill.tracking.shopper;

import dev.waybill.shipping.TrackingStatus;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the shopper API answers. */
public final class ShopperViews {

  private ShopperViews() {}

  @Schema(name = "ShopperSignInAccepted")
  public record SignInAccepted(
      @Schema(
              description =
                  "The same whether or not the email has orders with the store: if it has, an email"
                      + " with a link and a code is on its way")
          String detail,
      @Schema(description = "How long the emailed link and code work, in minutes", example = "15")
          long expiresInMinutes) {}

  @Schema(name = "ShopperToken")
  public record Token(
      @Schema(description = "Send as 'Authorization: Bearer <token>'") String token,
      @Schema(example = "Bearer") String tokenType,
      OffsetDateTime expiresAt) {}

  @Schema(name = "ShopperOrders")
  public record Orders(@Schema(description = "Newest first") List<Order> orders) {}

  @Schema(name = "ShopperOrder")
  public record Order(
      @Schema(example = "1001") String orderNumber,
      OffsetDateTime placedAt,
      @Schema(description = "The order's status as a code", example = "IN_TRANSIT")
          TrackingStatus status,
      @Schema(
              description = "The status in plain words, in the language asked for",
              example = "On its way")
          String statusText,
      @Schema(description = "Whether the store cancelled the order") boolean cancelled,
      @Schema(description = "For GET /api/v1/tracking/{token}") String trackingToken,
      @Schema(description = "The order's tracking page") String trackingUrl) {}
}
