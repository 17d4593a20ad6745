package dev.waybill.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.waybill.notifications.NotificationViews.LogEntry;
import dev.waybill.tracking.TrackingView;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Response bodies of the support API. */
public final class SupportViews {

  private SupportViews() {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "SupportCaseSummary")
  public record CaseSummary(
      @Schema(example = "WB-7KQ2MX") String reference,
      @Schema(example = "1001") String orderNumber,
      UUID shipmentId,
      CaseType type,
      CaseStatus status,
      ContactChannel contactChannel,
      String assignee,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {}

  @Schema(name = "SupportCasePage")
  public record CasePage(
      List<CaseSummary> items,
      @Schema(description = "Pass as 'cursor' to get the next page; absent on the last page")
          String nextCursor) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "SupportCaseNote")
  public record Note(
      String author,
      String body,
      CaseStatus statusFrom,
      CaseStatus statusTo,
      OffsetDateTime createdAt) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "SupportCase")
  public record CaseDetail(
      @Schema(example = "WB-7KQ2MX") String reference,
      String orderNumber,
      UUID shipmentId,
      CaseType type,
      CaseStatus status,
      String message,
      ContactChannel contactChannel,
      String contactEmail,
      String contactPhone,
      String locale,
      String source,
      String assignee,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt,
      OffsetDateTime resolvedAt,
      List<Note> notes,
      @Schema(
              type = SchemaType.OBJECT,
              implementation = TrackingView.class,
              description = "The order's tracking as the shopper saw it when asking")
          @JsonRawValue
          String contextAtOpening,
      @Schema(description = "The order's tracking now, with every event") TrackingView tracking,
      @Schema(description = "Every message sent or queued about the order, oldest first")
          List<LogEntry> notifications) {}
}
