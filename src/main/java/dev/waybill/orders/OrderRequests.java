package dev.waybill.orders;

import dev.waybill.platform.validation.Country;
import dev.waybill.platform.validation.TimeZoneId;
import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the merchant API. */
public final class OrderRequests {

  static final String PHONE = "\\+?[0-9 ()./-]{5,32}";
  static final String TRACKING_NUMBER = "[A-Za-z0-9 -]{4,64}";

  private OrderRequests() {}

  @Schema(name = "CreateOrder")
  public record CreateOrder(
      @Schema(example = "1001", description = "Unique within the store")
          @NotBlank
          @Size(max = 64)
          @Pattern(
              regexp = "[A-Za-z0-9][A-Za-z0-9._#/-]{0,63}",
              message = "must be letters, digits and . _ # / - only")
          String orderNumber,
      @NotNull @Valid Customer customer,
      @NotNull @NotEmpty @Size(max = 200) List<@NotNull @Valid OrderItem> items,
      @NotNull @Valid Address shippingAddress,
      @Schema(description = "When the shopper placed the order; defaults to now")
          OffsetDateTime placedAt,
      @Schema(example = "de-DE", description = "The shopper's language; defaults to the store's")
          @Pattern(
              regexp = "[a-z]{2}(-[A-Z]{2})?",
              message = "must be a language tag like en or de-DE")
          String locale,
      @Schema(example = "Europe/Berlin") @TimeZoneId String timeZone,
      @Valid Notifications notifications,
      @Schema(description = "Shipments known at order time; more can be added later")
          @Size(max = 20)
          List<@NotNull @Valid CreateShipment> shipments) {}

  @Schema(name = "Customer")
  public record Customer(
      @Schema(example = "Ada Lovelace") @NotBlank @Size(max = 200) String name,
      @Schema(example = "ada@example.com") @NotBlank @Email @Size(max = 254) String email,
      @Schema(example = "+4915112345678")
          @Pattern(regexp = PHONE, message = "must be a phone number, ideally +<country><number>")
          String phone) {}

  @Schema(name = "Notifications", description = "The shopper's opt-ins")
  public record Notifications(
      @Schema(defaultValue = "true") Boolean email, @Schema(defaultValue = "false") Boolean sms) {}

  @Schema(name = "Address")
  public record Address(
      @Size(max = 200) String name,
      @Size(max = 200) String line1,
      @Size(max = 200) String line2,
      @Size(max = 100) String city,
      @Size(max = 100) String region,
      @Schema(example = "10115") @NotBlank @Size(max = 20) String postalCode,
      @Schema(example = "DE", description = "ISO 3166-1 alpha-2") @NotBlank @Country
          String country) {}

  @Schema(name = "CreateShipment")
  public record CreateShipment(
      @Schema(
              example = "ups",
              description = "Carrier code; detected from the tracking number when left out")
          @Size(max = 32)
          String carrier,
      @Schema(example = "1Z999AA10123456784")
          @NotBlank
          @Pattern(
              regexp = TRACKING_NUMBER,
              message = "must be 4-64 letters, digits, spaces or dashes")
          String trackingNumber,
      @Schema(example = "Ground") @Size(max = 100) String serviceLevel,
      @Valid Address origin,
      @Schema(description = "The delivery date promised to the shopper") LocalDate promisedDelivery,
      @Schema(description = "The carrier's own estimate") LocalDate carrierEstimatedDelivery,
      OffsetDateTime shippedAt) {}

  @Schema(name = "RecordEvent")
  public record RecordEvent(
      @Schema(example = "PACKED") @NotNull TrackingStatus status,
      @Schema(description = "Defaults to now; its UTC offset is kept") OffsetDateTime occurredAt,
      @Schema(example = "Packed at warehouse 3") @Size(max = 500) String description,
      @Schema(description = "Why, for EXCEPTION and DELIVERY_ATTEMPTED") ExceptionReason reason,
      @Valid Location location,
      @Schema(
              description =
                  "Your id for this event. Sending the same id again stores nothing new; without"
                      + " one, the same status, time, reason, description and place count as the"
                      + " same event.")
          @Size(max = 128)
          String eventId,
      @Schema(
              description =
                  "Set to true to overrule the usual order of statuses, for example to undo a"
                      + " delivery that was scanned by mistake. Applied whatever came before, and"
                      + " recorded as a correction in the shipment's status history. Like any"
                      + " event it counts only as the latest one: leave occurredAt out, or give a"
                      + " time after the event it corrects.",
              defaultValue = "false")
          Boolean correction) {

    /** Who this event counts as: the merchant, or the merchant overruling the usual order. */
    public EventSource source() {
      return Boolean.TRUE.equals(correction) ? EventSource.CORRECTION : EventSource.MERCHANT;
    }
  }

  @Schema(name = "Location")
  public record Location(
      @Size(max = 100) String city,
      @Size(max = 100) String region,
      @Size(max = 20) String postalCode,
      @Country String country) {}
}
