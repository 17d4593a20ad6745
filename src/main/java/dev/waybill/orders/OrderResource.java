package dev.waybill.orders;

import dev.waybill.orders.OrderRequests.CreateOrder;
import dev.waybill.orders.OrderRequests.CreateShipment;
import dev.waybill.orders.OrderViews.OrderPage;
import dev.waybill.orders.OrderViews.OrderView;
import dev.waybill.orders.OrderViews.ShipmentView;
import dev.waybill.platform.errors.Problem;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.shipping.TrackingStatus;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v1/orders")
@Tag(name = "Orders", description = "Merchant systems push orders and shipments (orders:write)")
@SecurityRequirement(name = "bearerKey")
@RequiresScope(Scope.ORDERS_WRITE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing, unknown or revoked key")
@APIResponse(responseCode = "403", description = "The key lacks the orders:write scope")
public class OrderResource {

  private final OrderService orders;
  private final ShipmentIntake shipments;
  private final OrderChanges changes;
  private final CurrentCaller caller;

  public OrderResource(
      OrderService orders, ShipmentIntake shipments, OrderChanges changes, CurrentCaller caller) {
    this.orders = orders;
    this.shipments = shipments;
    this.changes = changes;
    this.caller = caller;
  }

  @POST
  @Operation(
      operationId = "createOrder",
      summary = "Create an order",
      description =
          "Send an Idempotency-Key to make retries safe: the same key and body return the first"
              + " response again (with Idempotent-Replayed: true); the same key with another body"
              + " gets 409.")
  @APIResponse(
      responseCode = "201",
      description = "Created, or the first answer again for a repeated Idempotency-Key",
      headers = {
        @Header(name = "Location", description = "The new order"),
        @Header(
            name = "Idempotent-Replayed",
            description = "true when this is the stored answer to an earlier request")
      },
      content = @Content(schema = @Schema(implementation = OrderView.class)))
  @APIResponse(
      responseCode = "400",
      description = "Invalid fields, listed in 'errors'",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class),
              examples =
                  @ExampleObject(
                      name = "invalid email",
                      value =
                          "{\"type\":\"https://waybill.dev/problems/validation\",\"title\":\"Request"
                              + " is invalid\",\"status\":400,\"detail\":\"customer.email: must be a"
                              + " well-formed email address\",\"instance\":\"/api/v1/orders\","
                              + "\"errors\":[{\"field\":\"customer.email\",\"message\":\"must be a"
                              + " well-formed email address\"}]}")))
  @APIResponse(
      responseCode = "409",
      description =
          "The order number exists, a tracking number belongs to another order of the store"
              + " (shipment-exists, naming it in orderNumber and orderUrl), or the Idempotency-Key"
              + " was used with another body")
  @APIResponse(responseCode = "413", description = "Body larger than 256 KB")
  @APIResponse(responseCode = "422", description = "A shipment's carrier could not be detected")
  public Uni<Response> create(
      @Parameter(description = "Makes retries safe; up to 255 characters")
          @HeaderParam("Idempotency-Key")
          @Size(max = 255)
          String idempotencyKey,
      @Valid @NotNull CreateOrder request) {
    return orders
        .create(caller.storeId(), blankToNull(idempotencyKey), request)
        .call(
            c ->
                c.replayed()
                    ? Uni.createFrom().voidItem()
                    : changes.committed(c.storeId(), c.orderNumber(), c.revision()))
        .map(
            c -> {
              Response.ResponseBuilder r =
                  Response.status(c.status())
                      .type(MediaType.APPLICATION_JSON)
                      .entity(c.body())
                      .location(URI.create("/api/v1/orders/" + c.orderNumber()));
              if (c.replayed()) {
                r.header("Idempotent-Replayed", "true");
              }
              return r.build();
            });
  }

  @GET
  @Path("/{orderNumber}")
  @Operation(
      operationId = "getOrder",
      summary = "Read an order with its shipments",
      description = "With its shipments and a tracking token for the shopper's link.")
  @APIResponse(responseCode = "200", description = "The order")
  @APIResponse(responseCode = "404", description = "No such order in this store")
  public Uni<OrderView> get(@PathParam("orderNumber") String orderNumber) {
    return orders.get(caller.storeId(), orderNumber);
  }

  @GET
  @Operation(
      operationId = "listOrders",
      summary = "List orders, newest first",
      description = "Keyset pagination: pass the returned nextCursor as 'cursor'.")
  @APIResponse(responseCode = "200", description = "A page of orders")
  @APIResponse(responseCode = "400", description = "Invalid filter")
  public Uni<OrderPage> list(
      @Parameter(description = "Only orders in this status") @QueryParam("status") String status,
      @Parameter(description = "Only this shopper's orders") @QueryParam("email") String email,
      @Parameter(description = "Placed at or after (ISO-8601)", example = "2026-11-01T00:00:00Z")
          @QueryParam("placedFrom")
          String placedFrom,
      @Parameter(description = "Placed before (ISO-8601)") @QueryParam("placedTo") String placedTo,
      @Parameter(description = "Only the order holding this tracking number")
          @QueryParam("trackingNumber")
          String trackingNumber,
      @QueryParam("cursor") String cursor,
      @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100"))
          @QueryParam("limit")
          @DefaultValue("20")
          @Min(1)
          @Max(100)
          int limit) {
    return orders.list(
        caller.storeId(),
        new OrderFilter(
            status(status),
            blankToNull(email),
            instant("placedFrom", placedFrom),
            instant("placedTo", placedTo),
            blankToNull(trackingNumber),
            cursor,
            limit));
  }

  @POST
  @Path("/{orderNumber}/shipments")
  @Operation(
      operationId = "addShipment",
      summary = "Add a shipment (carrier and tracking number) to an order",
      description =
          "Leave out 'carrier' to detect it from the tracking number. Adding the same tracking"
              + " number again returns the existing shipment with 200.")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      headers = @Header(name = "Location", description = "The new shipment"),
      content = @Content(schema = @Schema(implementation = ShipmentView.class)))
  @APIResponse(responseCode = "200", description = "Already on this order")
  @APIResponse(responseCode = "404", description = "No such order")
  @APIResponse(
      responseCode = "409",
      description =
          "The tracking number belongs to another order of the store (shipment-exists, naming it"
              + " in orderNumber and orderUrl)")
  @APIResponse(
      responseCode = "422",
      description = "The carrier could not be detected; 'candidates' lists the possible ones")
  public Uni<RestResponse<ShipmentView>> addShipment(
      @PathParam("orderNumber") String orderNumber, @Valid @NotNull CreateShipment request) {
    return shipments
        .addShipment(caller.storeId(), orderNumber, request)
        .call(c -> changes.committed(c.storeId(), c.orderNumber(), c.revision()))
        .map(
            c ->
                c.created()
                    ? RestResponse.ResponseBuilder.<ShipmentView>created(
                            URI.create("/api/v1/shipments/" + c.value().id()))
                        .entity(c.value())
                        .build()
                    : RestResponse.ok(c.value()));
  }

  @POST
  @Path("/{orderNumber}/tracking-links/revoke")
  @Operation(
      operationId = "revokeTrackingLinks",
      summary = "Revoke every tracking link issued for an order",
      description = "Returns the order with a fresh token.")
  @APIResponse(responseCode = "200", description = "The order with a fresh token")
  @APIResponse(responseCode = "404", description = "No such order in this store")
  public Uni<OrderView> revokeTrackingLinks(@PathParam("orderNumber") String orderNumber) {
    return orders
        .revokeTrackingLinks(caller.storeId(), orderNumber)
        .call(c -> changes.committed(c.storeId(), c.orderNumber(), c.revision()))
        .map(OrderService.Changed::value);
  }

  private static TrackingStatus status(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return TrackingStatus.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new Problems.Invalid(
          "status",
          "'" + value + "' is not one of: " + java.util.Arrays.toString(TrackingStatus.values()));
    }
  }

  private static OffsetDateTime instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw new Problems.Invalid(
          field, "must be an ISO-8601 date-time with offset, such as 2026-11-25T10:15:30Z");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
