package dev.waybill.feedback;

import dev.waybill.feedback.DeliveryFeedback.Feedback;
import dev.waybill.platform.errors.Problem;
import dev.waybill.platform.errors.Problems;
import dev.waybill.tracking.TrackingService;
import dev.waybill.tracking.TrackingTokens;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The delivery rating for storefronts and apps, through the order's signed link token like the
 * lookup it sits beside: no key needed, the token is the shopper's proof.
 */
@Path("/api/v1/tracking/{token}/feedback/{shipmentId}")
@Tag(name = "Tracking")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirements
@APIResponse(
    responseCode = "404",
    description = "Unknown, revoked or expired token, or a parcel of another order",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class FeedbackResource {

  /** What the shopper says about a delivered parcel. */
  @Schema(name = "DeliveryFeedbackRequest")
  public record Rate(
      @Schema(description = "1 (very poor) to 5 (excellent)", minimum = "1", maximum = "5")
          Integer rating,
      @Schema(description = "Optional; omitted keeps the earlier comment, empty removes it")
          String comment) {}

  private final DeliveryFeedback feedback;
  private final TrackingService tracking;
  private final TrackingTokens tokens;

  public FeedbackResource(
      DeliveryFeedback feedback, TrackingService tracking, TrackingTokens tokens) {
    this.feedback = feedback;
    this.tracking = tracking;
    this.tokens = tokens;
  }

  @GET
  @Operation(
      operationId = "getDeliveryFeedback",
      summary = "The shopper's rating of a parcel's delivery",
      description = "204 when the parcel is not rated yet.")
  @APIResponse(
      responseCode = "200",
      description = "The rating",
      content = @Content(schema = @Schema(implementation = Feedback.class)))
  @APIResponse(responseCode = "204", description = "Not rated yet")
  public Uni<Response> get(
      @PathParam("token") String token, @PathParam("shipmentId") String shipmentId) {
    UUID shipment = shipment(shipmentId);
    return claims(token)
        .chain(c -> feedback.current(c.storeId(), c.orderNumber(), shipment))
        .map(f -> f == null ? Response.noContent().build() : Response.ok(f).build());
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "rateDelivery",
      summary = "Rate a delivered parcel, or change its rating",
      description =
          "One rating per parcel: the latest wins. Sending the same rating again changes nothing."
              + " Each change sends the merchant a delivery.feedback webhook.")
  @APIResponse(
      responseCode = "200",
      description = "The rating as recorded",
      content = @Content(schema = @Schema(implementation = Feedback.class)))
  @APIResponse(
      responseCode = "400",
      description = "Invalid rating or comment, named in errors[].field",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "The parcel is not delivered yet",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Uni<Feedback> rate(
      @PathParam("token") String token, @PathParam("shipmentId") String shipmentId, Rate body) {
    UUID shipment = shipment(shipmentId);
    Integer rating = body == null ? null : body.rating();
    String comment = body == null ? null : body.comment();
    Ratings.check(rating);
    return claims(token)
        .chain(
            c ->
                feedback.record(
                    c.storeId(), c.orderNumber(), shipment, rating, comment, FeedbackSource.API));
  }

  /** The link's claims, once the link is known current (not revoked by a newer version). */
  private Uni<TrackingTokens.Claims> claims(String token) {
    TrackingTokens.Claims claims =
        tokens.verify(token).orElseThrow(() -> new Problems.NotFound("No such tracking link"));
    return tracking.byToken(token, null, false).replaceWith(claims);
  }

  private static UUID shipment(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new Problems.NotFound("No such parcel in this order");
    }
  }
}
