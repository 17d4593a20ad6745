package dev.waybill.support.claims;

import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.support.claims.ClaimRequests.OpenClaim;
import dev.waybill.support.claims.ClaimRequests.UpdateClaim;
import dev.waybill.support.claims.ClaimViews.ClaimList;
import dev.waybill.support.claims.ClaimViews.ClaimReminder;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v1/support/claims")
@Tag(name = "Support", description = "Shoppers' requests for help, with each order's full story")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({Scope.SUPPORT, Scope.ADMIN})
@SecurityRequirement(name = "bearerKey")
public class ClaimResource {

  private final ClaimReminders claims;
  private final CurrentCaller caller;

  public ClaimResource(ClaimReminders claims, CurrentCaller caller) {
    this.claims = claims;
    this.caller = caller;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "openClaim",
      summary = "Open a reminder to file a claim with the shipment's carrier",
      description =
          "The deadline is the ship date plus the carrier's claim window (configurable per"
              + " carrier). A shipment has one live reminder: repeating the request answers it"
              + " with 200.")
  @APIResponse(
      responseCode = "201",
      description = "Opened",
      headers = @Header(name = "Location", description = "The new reminder"),
      content = @Content(schema = @Schema(implementation = ClaimReminder.class)))
  @APIResponse(responseCode = "200", description = "The shipment's live reminder, already open")
  @APIResponse(responseCode = "400", description = "Invalid shipment id or remind-on day")
  @APIResponse(responseCode = "404", description = "No such shipment in this store")
  public Uni<RestResponse<ClaimReminder>> open(@Valid @NotNull OpenClaim request) {
    String by =
        request.openedBy() != null && !request.openedBy().isBlank()
            ? request.openedBy().trim()
            : "key " + caller.get().keyId();
    return claims
        .open(caller.storeId(), request.shipmentId(), request.reason(), request.remindOn(), by)
        .map(
            o ->
                o.created()
                    ? RestResponse.ResponseBuilder.<ClaimReminder>created(
                            URI.create("/api/v1/support/claims/" + o.reminder().id()))
                        .entity(o.reminder())
                        .build()
                    : RestResponse.ok(o.reminder()));
  }

  @GET
  @Operation(
      operationId = "listClaims",
      summary = "List claim reminders, the nearest deadline first",
      description = "Narrow by status, or to the open reminders whose remind-on day has come.")
  @APIResponse(responseCode = "200", description = "The reminders")
  @APIResponse(responseCode = "400", description = "Invalid filter")
  public Uni<ClaimList> list(
      @Parameter(description = "Only reminders in this status") @QueryParam("status") String status,
      @Parameter(description = "Only open reminders whose remind-on day has come")
          @QueryParam("due")
          @DefaultValue("false")
          boolean due,
      @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
          @QueryParam("limit")
          @DefaultValue("50")
          @Min(1)
          @Max(200)
          int limit) {
    return claims.list(caller.storeId(), status(status), due, limit).map(ClaimList::new);
  }

  @GET
  @Path("/{id}")
  @Operation(
      operationId = "getClaim",
      summary = "Read a claim reminder",
      description = "With its deadline and status.")
  @APIResponse(responseCode = "200", description = "The reminder")
  @APIResponse(responseCode = "404", description = "No such reminder in this store")
  public Uni<ClaimReminder> get(@PathParam("id") UUID id) {
    return claims.get(caller.storeId(), id);
  }

  @PATCH
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateClaim",
      summary = "Mark a claim filed (with the carrier's reference) or close its reminder",
      description = "Repeating the same change answers the reminder unchanged.")
  @APIResponse(responseCode = "200", description = "The reminder after the change")
  @APIResponse(responseCode = "400", description = "Invalid status, or FILED without a reference")
  @APIResponse(responseCode = "404", description = "No such reminder in this store")
  @APIResponse(responseCode = "409", description = "The reminder is closed, or filed already")
  public Uni<ClaimReminder> update(@PathParam("id") UUID id, @Valid @NotNull UpdateClaim change) {
    return claims.update(caller.storeId(), id, change.status(), change.claimReference());
  }

  private static ClaimStatus status(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return ClaimStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Problems.Invalid(
          "status", "must be one of " + Arrays.toString(ClaimStatus.values()));
    }
  }
}
