package dev.waybill.notifications.webhooks;

import dev.waybill.notifications.webhooks.WebhookRequests.CreateEndpoint;
import dev.waybill.notifications.webhooks.WebhookRequests.Replay;
import dev.waybill.notifications.webhooks.WebhookRequests.UpdateEndpoint;
import dev.waybill.notifications.webhooks.WebhookViews.DeliveryView;
import dev.waybill.notifications.webhooks.WebhookViews.EndpointView;
import dev.waybill.notifications.webhooks.WebhookViews.ReplayView;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v1/webhooks/endpoints")
@Tag(
    name = "Webhooks",
    description = "Merchant webhooks: order and shipment events, signed as Standard Webhooks")
@SecurityRequirement(name = "bearerKey")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing, unknown or revoked key")
@APIResponse(responseCode = "403", description = "The key lacks the admin scope")
public class WebhookEndpointResource {

  private final WebhookEndpoints endpoints;
  private final CurrentCaller caller;

  public WebhookEndpointResource(WebhookEndpoints endpoints, CurrentCaller caller) {
    this.endpoints = endpoints;
    this.caller = caller;
  }

  @POST
  @Operation(
      operationId = "createWebhookEndpoint",
      summary = "Register an endpoint",
      description =
          "HTTPS only. The answer carries the signing secret (whsec_...). Registering the same URL"
              + " again returns the existing endpoint.")
  @APIResponse(
      responseCode = "201",
      description = "Registered, or the endpoint already registered for this URL",
      headers = @Header(name = "Location", description = "The endpoint"),
      content = @Content(schema = @Schema(implementation = EndpointView.class)))
  @APIResponse(responseCode = "400", description = "Invalid URL or event type")
  public Uni<RestResponse<EndpointView>> create(@Valid @NotNull CreateEndpoint request) {
    return endpoints
        .create(caller.storeId(), request)
        .map(
            e ->
                RestResponse.ResponseBuilder.<EndpointView>created(
                        URI.create("/api/v1/webhooks/endpoints/" + e.id()))
                    .entity(e)
                    .build());
  }

  @GET
  @Operation(
      operationId = "listWebhookEndpoints",
      summary = "The store's endpoints",
      description = "Never their signing secrets.")
  @APIResponse(responseCode = "200", description = "The endpoints")
  public Uni<List<EndpointView>> list() {
    return endpoints.list(caller.storeId());
  }

  @GET
  @Path("/{id}")
  @Operation(
      operationId = "getWebhookEndpoint",
      summary = "One endpoint, with its disabled flag",
      description = "Disabled endpoints receive nothing until enabled again.")
  @APIResponse(responseCode = "200", description = "The endpoint")
  public Uni<EndpointView> get(@PathParam("id") UUID id) {
    return endpoints.get(caller.storeId(), id);
  }

  @PATCH
  @Path("/{id}")
  @Operation(
      operationId = "updateWebhookEndpoint",
      summary = "Change an endpoint",
      description = "enabled=true re-enables an endpoint Waybill disabled after failures.")
  @APIResponse(responseCode = "200", description = "The endpoint after the change")
  public Uni<EndpointView> update(@PathParam("id") UUID id, @Valid @NotNull UpdateEndpoint r) {
    return endpoints.update(caller.storeId(), id, r);
  }

  @DELETE
  @Path("/{id}")
  @Operation(
      operationId = "deleteWebhookEndpoint",
      summary = "Remove an endpoint and its pending deliveries",
      description = "Deliveries not yet sent are dropped.")
  @APIResponse(responseCode = "204", description = "Removed (or already gone)")
  public Uni<Void> delete(@PathParam("id") UUID id) {
    return endpoints.delete(caller.storeId(), id);
  }

  @POST
  @Path("/{id}/rotate-secret")
  @Operation(
      operationId = "rotateWebhookSecret",
      summary = "Rotate the signing secret",
      description =
          "Returns the new secret. For waybill.notifications.webhooks.rotation-overlap (24 h)"
              + " deliveries carry two signatures, one per secret.")
  @APIResponse(responseCode = "200", description = "The endpoint with its new secret")
  public Uni<EndpointView> rotate(@PathParam("id") UUID id) {
    return endpoints.rotate(caller.storeId(), id);
  }

  @POST
  @Path("/{id}/replay")
  @Operation(
      operationId = "replayWebhookEvents",
      summary = "Re-send events since a cursor",
      description =
          "Queues every subscribed event after 'since' (each event's 'cursor'), delivered or not,"
              + " up to 10,000; replay again from lastCursor for more.")
  @APIResponse(
      responseCode = "202",
      description = "Queued",
      content = @Content(schema = @Schema(implementation = ReplayView.class)))
  public Uni<RestResponse<ReplayView>> replay(@PathParam("id") UUID id, @Valid @NotNull Replay r) {
    return endpoints
        .replay(caller.storeId(), id, r.since())
        .map(v -> RestResponse.ResponseBuilder.<ReplayView>create(202).entity(v).build());
  }

  @GET
  @Path("/{id}/deliveries")
  @Operation(
      operationId = "listWebhookDeliveries",
      summary = "Latest deliveries, newest first; status=DEAD lists the failed ones",
      description = "Each delivery with its event, attempts and last answer.")
  @APIResponse(responseCode = "200", description = "The deliveries")
  public Uni<List<DeliveryView>> deliveries(
      @PathParam("id") UUID id,
      @QueryParam("status") @Pattern(regexp = "PENDING|DELIVERED|DEAD") String status,
      @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
    return endpoints.deliveries(caller.storeId(), id, status, limit);
  }
}
