package dev.waybill.orders;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One line of an order. Stored as JSON with the order. */
@RegisterForReflection
@Schema(name = "OrderItem")
public record OrderItem(
    @Schema(example = "Trail Runner 2 – size 42") @NotBlank @Size(max = 200) String name,
    @Schema(example = "TR2-42-BLK") @Size(max = 64) String sku,
    @Schema(example = "1") @NotNull @Min(1) @Max(10000) Integer quantity,
    @Schema(example = "https://cdn.example.com/tr2.jpg")
        @Size(max = 2048)
        @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
        String imageUrl) {}
