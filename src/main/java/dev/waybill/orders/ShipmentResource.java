package dev.waybill.orders;

import dev.waybill.orders.OrderRequests.RecordEvent;
import dev.waybill.orders.OrderViews.RecordedEvent;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v1/shipments")
@Tag(name = "Orders")
@SecurityRequirement(name = "bearerKey")
@RequiresScope(Scope.ORDERS_WRITE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ShipmentResource {

  private final MerchantEvents events;
  private final CurrentCaller caller;

  public ShipmentResource(MerchantEvents events, CurrentCaller caller) {
    this.events = events;
    this.caller = caller;
  }

  @POST
  @Path("/{id}/events")
  @Operation(
      operationId = "recordShipmentEvent",
      summary = "Record a fulfilment or manual tracking event",
      description =
          "For example PACKED when the parcel leaves the packing bench. An event sent twice is"
              + " stored once: the repeat returns 200 with created=false.")
  @APIResponse(
      responseCode = "201",
      description = "Recorded",
      content = @Content(schema = @Schema(implementation = RecordedEvent.class)))
  @APIResponse(responseCode = "200", description = "Already recorded before")
  @APIResponse(responseCode = "400", description = "Invalid fields")
  @APIResponse(responseCode = "404", description = "No such shipment in this store")
  public Uni<RestResponse<RecordedEvent>> record(
      @PathParam("id") UUID shipmentId, @Valid @NotNull RecordEvent request) {
    return events
        .record(caller.storeId(), shipmentId, request)
        .map(
            c ->
                c.created()
                    ? RestResponse.status(RestResponse.Status.CREATED, c.value())
                    : RestResponse.ok(c.value()));
  }
}
