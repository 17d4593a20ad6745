package dev.waybill.tracking.shopper;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What apps send to sign a shopper in. */
public final class ShopperRequests {

  private ShopperRequests() {}

  @Schema(name = "ShopperSignIn")
  public record SignIn(
      @Schema(example = "ada@example.com", required = true) @NotBlank @Size(max = 254) String email,
      @Schema(
              description =
                  "Language of the email: en, de, fr, es, nl or it; defaults to the shopper's latest"
                      + " order's, then the store's",
              example = "en")
          @Size(max = 16)
          String locale) {}

  @Schema(name = "ShopperCode")
  public record Code(
      @Schema(example = "ada@example.com", required = true) @NotBlank @Size(max = 254) String email,
      @Schema(
              description = "The 8-digit code from the email; spaces are ignored",
              example = "1234 5678",
              required = true)
          @NotBlank
          @Size(max = 20)
          String code) {}
}
