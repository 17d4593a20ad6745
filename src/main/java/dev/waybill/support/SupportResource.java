package dev.waybill.support;

import dev.waybill.notifications.NotificationLog;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.Caller;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.support.SupportRequests.UpdateCase;
import dev.waybill.support.SupportViews.CaseDetail;
import dev.waybill.support.SupportViews.CasePage;
import dev.waybill.tracking.TrackingService;
import dev.waybill.tracking.TrackingView;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/support/cases")
@Tag(name = "Support", description = "Shoppers' requests for help, with each order's full story")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({Scope.SUPPORT, Scope.ADMIN})
@SecurityRequirement(name = "bearerKey")
public class SupportResource {

  private final SupportCases cases;
  private final TrackingService tracking;
  private final CurrentCaller caller;
  private final NotificationLog notifications;

  public SupportResource(
      SupportCases cases,
      TrackingService tracking,
      CurrentCaller caller,
      NotificationLog notifications) {
    this.cases = cases;
    this.tracking = tracking;
    this.notifications = notifications;
    this.caller = caller;
  }

  @GET
  @Operation(
      operationId = "listSupportCases",
      summary = "List support cases, newest first",
      description = "Keyset pagination: pass the returned nextCursor as 'cursor'.")
  @APIResponse(responseCode = "200", description = "A page of cases")
  @APIResponse(responseCode = "400", description = "Invalid filter")
  public Uni<CasePage> list(
      @Parameter(description = "Only cases in this status") @QueryParam("status") String status,
      @Parameter(description = "Only cases of this type") @QueryParam("type") String type,
      @Parameter(description = "Only this order's cases") @QueryParam("orderNumber")
          String orderNumber,
      @QueryParam("cursor") String cursor,
      @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100"))
          @QueryParam("limit")
          @DefaultValue("20")
          @Min(1)
          @Max(100)
          int limit) {
    return cases.list(
        caller.storeId(),
        new CaseFilter(
            parse(CaseStatus.class, "status", status),
            parse(CaseType.class, "type", type),
            orderNumber == null || orderNumber.isBlank() ? null : orderNumber.trim(),
            cursor,
            limit));
  }

  @GET
  @Path("/{reference}")
  @Operation(
      operationId = "getSupportCase",
      summary = "Read a case with its notes, its order's full tracking and every message sent",
      description =
          "Holds the tracking as the shopper saw it when asking, and as it stands now, with every"
              + " carrier event.")
  @APIResponse(responseCode = "200", description = "The case")
  @APIResponse(responseCode = "404", description = "No such case in this store")
  public Uni<CaseDetail> get(@PathParam("reference") String reference) {
    return cases.get(caller.storeId(), reference).chain(this::withTracking);
  }

  @PATCH
  @Path("/{reference}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateSupportCase",
      summary = "Change a case's status or assignee, and add a note",
      description =
          "Send an Idempotency-Key to make a retried request add its note only once. A status"
              + " change is recorded as a note.")
  @APIResponse(responseCode = "200", description = "The case after the change")
  @APIResponse(responseCode = "400", description = "Invalid status or note")
  @APIResponse(responseCode = "404", description = "No such case in this store")
  public Uni<CaseDetail> update(
      @PathParam("reference") String reference,
      @HeaderParam("Idempotency-Key") @Size(max = 200) String idempotencyKey,
      @Valid @NotNull UpdateCase change) {
    // Notes are signed by who is calling, never by what the body claims.
    Caller who = caller.get();
    String author = who.isPlatformAdmin() ? "platform admin" : "key " + who.keyId();
    return cases
        .update(caller.storeId(), reference, change, author, idempotencyKey)
        .chain(this::withTracking);
  }

  private Uni<CaseDetail> withTracking(CaseDetail c) {
    Uni<TrackingView> view =
        tracking
            .forStaff(caller.storeId(), c.orderNumber())
            .map(lookup -> tracking.view(lookup))
            .onFailure(Problems.NotFound.class)
            .recoverWithNull();
    return Uni.combine()
        .all()
        .unis(view, notifications.forOrderNumber(caller.storeId(), c.orderNumber()))
        .with(
            (tracked, sent) ->
                new CaseDetail(
                    c.reference(),
                    c.orderNumber(),
                    c.shipmentId(),
                    c.type(),
                    c.status(),
                    c.message(),
                    c.contactChannel(),
                    c.contactEmail(),
                    c.contactPhone(),
                    c.locale(),
                    c.source(),
                    c.assignee(),
                    c.createdAt(),
                    c.updatedAt(),
                    c.resolvedAt(),
                    c.notes(),
                    c.contextAtOpening(),
                    tracked,
                    sent));
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Problems.Invalid(
          field, "must be one of " + Arrays.toString(type.getEnumConstants()));
    }
  }
}
