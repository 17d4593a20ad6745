package dev.waybill.insights.promises;

import dev.waybill.insights.promises.PromiseViews.EstimateHistory;
import dev.waybill.insights.promises.PromiseViews.Promises;
import dev.waybill.platform.security.AcceptsPublishableKeyInQuery;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.stores.StoreDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v1/promises")
@Tag(name = "Promises", description = "Delivery dates learned from the store's own deliveries")
@SecurityRequirement(name = "bearerKey")
@Produces(MediaType.APPLICATION_JSON)
public class PromiseResource {

  private final PromiseService promises;
  private final CurrentCaller caller;
  private final StoreDirectory stores;
  private final Clock clock;

  public PromiseResource(
      PromiseService promises, CurrentCaller caller, StoreDirectory stores, Clock clock) {
    this.promises = promises;
    this.caller = caller;
    this.stores = stores;
    this.clock = clock;
  }

  @GET
  @RequiresScope({Scope.TRACKING_READ, Scope.ORDERS_WRITE, Scope.SUPPORT, Scope.ADMIN})
  @Operation(
      operationId = "getDeliveryPromises",
      summary = "Delivery promises for an order placed now",
      description =
          "For each carrier and service the store ships with: the likely date (median), the"
              + " window (10th to 90th percentile) and a safe date (95th percentile), after the"
              + " store's processing time and cut-off, with the level of history used, the"
              + " number of past deliveries behind it and a confidence level.")
  @APIResponse(responseCode = "200", description = "The promises; no options without history")
  @APIResponse(responseCode = "400", description = "Invalid country or postal code")
  @AcceptsPublishableKeyInQuery
  public Uni<RestResponse<Promises>> promises(
      @Parameter(example = "10115") @QueryParam("destinationPostalCode") String postalCode,
      @Parameter(example = "DE", required = true) @QueryParam("country") String country,
      @Parameter(
              description =
                  "A publishable key (wb_pub_…) instead of the Authorization header, for scripts"
                      + " on storefront pages such as the delivery-date widget: the request then"
                      + " needs no CORS preflight, and the answer may be cached by shared caches."
                      + " Secret keys are refused here.")
          @QueryParam("key")
          String key,
      @Context HttpHeaders headers) {
    UUID storeId = caller.storeId();
    String origin = headers.getHeaderString("Origin");
    boolean shared = key != null && !key.isBlank();
    return promises
        .promises(storeId, postalCode, country, clock.instant())
        .chain(
            answer ->
                stores
                    .profile(storeId)
                    .map(
                        store -> {
                          RestResponse.ResponseBuilder<Promises> response =
                              RestResponse.ResponseBuilder.ok(answer)
                                  .header(HttpHeaders.VARY, "Origin")
                                  // A promise moves with the clock (the day's cut-off), not with
                                  // each request: minutes of caching keep it true.
                                  .header(
                                      HttpHeaders.CACHE_CONTROL,
                                      (shared ? "public" : "private") + ", max-age=300");
                          if (origin != null
                              && store != null
                              && store.embedOrigins() != null
                              && store.embedOrigins().contains(origin)) {
                            response.header("Access-Control-Allow-Origin", origin);
                          }
                          return response.build();
                        }));
  }

  @GET
  @Path("/shipments/{id}")
  @RequiresScope({Scope.ORDERS_WRITE, Scope.SUPPORT, Scope.ADMIN})
  @Operation(
      operationId = "getEstimateHistory",
      summary = "Every change of a shipment's estimate",
      description = "Oldest first, each with the shipment's status and the carrier's estimate.")
  @APIResponse(responseCode = "200", description = "The history of the shipment's estimate")
  @APIResponse(responseCode = "404", description = "No such shipment in this store")
  public Uni<EstimateHistory> history(@PathParam("id") UUID shipmentId) {
    return promises.history(caller.storeId(), shipmentId);
  }
}
