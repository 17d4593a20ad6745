package dev.waybill.stores;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How a store looks and how shoppers reach it. Every field is optional. */
@Schema(name = "Branding")
public record Branding(
    @Schema(example = "https://cdn.example.com/logo.png")
        @Size(max = 2048)
        @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
        String logoUrl,
    @Schema(example = "#1F4E79")
        @Pattern(regexp = "#[0-9A-Fa-f]{6}", message = "must be a colour like #1F4E79")
        String primaryColor,
    @Schema(example = "#F2A900")
        @Pattern(regexp = "#[0-9A-Fa-f]{6}", message = "must be a colour like #F2A900")
        String accentColor,
    @Schema(example = "help@example.com") @Email @Size(max = 254) String supportEmail,
    @Schema(example = "+14155550100")
        @Pattern(regexp = "\\+?[0-9 ()./-]{5,32}", message = "must be a phone number")
        String supportPhone,
    @Schema(example = "https://example.com/help")
        @Size(max = 2048)
        @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
        String supportUrl,
    @Schema(example = "Thanks for shopping with us!") @Size(max = 1000) String customMessage) {}
