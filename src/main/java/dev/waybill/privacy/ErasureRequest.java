package dev.waybill.privacy;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Whose data to erase: the shopper's email address, phone number, or both. */
@Schema(name = "ErasureRequest", description = "At least one of email and phone")
public record ErasureRequest(
    @Schema(example = "ada@example.com") @Email @Size(max = 254) String email,
    @Schema(example = "+4915112345678")
        @Pattern(regexp = "\\+?[0-9 ()./-]{5,32}", message = "must be a phone number")
        String phone) {}
