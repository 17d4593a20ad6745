package dev.waybill.tracking;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TimelineStep;
import dev.waybill.shipping.TrackingStatus;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a shopper-facing lookup returns: everything a storefront or app needs to show. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Tracking")
public record TrackingView(
    @Schema(example = "1001") String orderNumber,
    @Schema(description = "Signed token for GET /api/v1/tracking/{token} and the tracking page")
        String token,
    @Schema(description = "The shopper's tracking page") String trackingUrl,
    @Schema(description = "The order's overall status") TrackingStatus status,
    String statusLabel,
    OffsetDateTime placedAt,
    @Schema(description = "Language of the texts: en, de, fr, es, nl or it", example = "en")
        String locale,
    List<Item> items,
    Destination destination,
    List<Parcel> shipments,
    StoreInfo store,
    Support support,
    @Schema(description = "When the store cancelled the order, if it did: nothing more will ship")
        OffsetDateTime cancelledAt,
    @Schema(description = "True when the store cancelled the order; absent otherwise")
        Boolean cancelled,
    @Schema(
            description = "For a cancelled order, a sentence telling the shopper so",
            example = "This order was cancelled by the store. Nothing more will be shipped.")
        String cancelledNotice) {

  @Schema(name = "TrackingItem")
  public record Item(String name, String sku, int quantity, String imageUrl) {}

  @Schema(name = "TrackingDestination")
  public record Destination(String city, String region, String postalCode, String country) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "TrackingShipment")
  public record Parcel(
      UUID id,
      @Schema(example = "ups") String carrier,
      @Schema(example = "UPS") String carrierName,
      String trackingNumber,
      @Schema(description = "The carrier's own tracking page") String carrierUrl,
      String serviceLevel,
      TrackingStatus status,
      @Schema(example = "On its way") String statusLabel,
      @Schema(description = "The latest carrier description, as reported") String statusDetail,
      @Schema(description = "What happens next, in plain language") String whatHappensNext,
      @Schema(description = "What the shopper should do, when anything") String whatToDo,
      @Schema(description = "Later than first expected") boolean delayed,
      Problem problem,
      List<Step> timeline,
      Estimate estimatedDelivery,
      OffsetDateTime shippedAt,
      OffsetDateTime deliveredAt,
      OffsetDateTime lastEventAt,
      List<Event> events,
      @Schema(description = "How many events exist in all") int eventCount) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "TrackingProblem", description = "Why the parcel is held up and what to do")
  public record Problem(
      ExceptionReason reason,
      ExceptionReason.Party causedBy,
      String label,
      String explanation,
      String whatToDo) {}

  @Schema(name = "TimelineEntry")
  public record Step(TimelineStep step, String label, StepState state) {}

  /** Where a step stands. */
  public enum StepState {
    DONE,
    CURRENT,
    PROBLEM,
    UPCOMING
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "DeliveryEstimate")
  public record Estimate(
      @Schema(description = "The most likely delivery date") LocalDate date,
      @Schema(description = "The carrier's delivery time window, when it gives one")
          OffsetDateTime windowStart,
      OffsetDateTime windowEnd,
      @Schema(description = "The date promised at checkout") LocalDate promised,
      @Schema(
              description =
                  "waybill (learned from the store's past deliveries and recomputed with every"
                      + " scan), carrier or store")
          String source,
      @Schema(description = "First day of the likely window (10th percentile)") LocalDate earliest,
      @Schema(description = "Last day of the likely window (90th percentile)") LocalDate latest,
      @Schema(description = "A day 95% of such deliveries make") LocalDate safeDate,
      @Schema(description = "The carrier's own estimate, kept beside Waybill's")
          LocalDate carrierDate,
      @Schema(description = "HIGH, MEDIUM or LOW") String confidence) {

    public Estimate(
        LocalDate date,
        OffsetDateTime windowStart,
        OffsetDateTime windowEnd,
        LocalDate promised,
        String source) {
      this(date, windowStart, windowEnd, promised, source, null, null, null, null, null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "TrackingEvent")
  public record Event(
      OffsetDateTime occurredAt,
      TrackingStatus status,
      String statusLabel,
      String description,
      @Schema(example = "Leipzig, SN, DE") String location) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "TrackingStore")
  public record StoreInfo(
      String name, String logoUrl, String primaryColor, String accentColor, String message) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "TrackingSupport")
  public record Support(String email, String phone, String url) {}
}
