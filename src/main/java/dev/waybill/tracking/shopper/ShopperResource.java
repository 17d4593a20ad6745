package dev.waybill.tracking.shopper;

import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.AcceptsPublishableKeyInQuery;
import dev.waybill.platform.security.ClientAddress;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.stores.StoreDirectory;
import dev.waybill.tracking.StatusTexts;
import dev.waybill.tracking.shopper.ShopperSignIns.ShopperOrder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A shopper's own orders with a store, for apps: ask for a sign-in email, exchange its code for a
 * short-lived shopper token, list the orders with it. The store's publishable key names the store.
 */
@Path("/api/v1/shopper")
@Tag(name = "Shopper", description = "A signed-in shopper's orders, for storefronts and apps")
@Produces(MediaType.APPLICATION_JSON)
public class ShopperResource {

  private static final String SENT =
      "If this email has orders with the store, a sign-in link and code are on their way";

  private final ShopperSignIns signIns;
  private final StoreDirectory stores;
  private final CurrentCaller caller;
  private final ShopperConfig config;

  public ShopperResource(
      ShopperSignIns signIns, StoreDirectory stores, CurrentCaller caller, ShopperConfig config) {
    this.signIns = signIns;
    this.stores = stores;
    this.caller = caller;
    this.config = config;
  }

  @POST
  @Path("/sign-in")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresScope(Scope.TRACKING_READ)
  @SecurityRequirement(name = "bearerKey")
  @Operation(
      operationId = "requestShopperSignIn",
      summary = "Email a shopper a sign-in link and code",
      description =
          "Call with the store's publishable tracking:read key. The answer is the same, and as"
              + " quick, whether or not the email has orders with the store; only an email with"
              + " orders gets the message, with a link to the orders page and an 8-digit code for"
              + " POST /api/v1/shopper/token. Both work once, until they expire. Limited per client"
              + " address and per email (429 with Retry-After).")
  @APIResponse(
      responseCode = "202",
      description = "Accepted; the email goes out if the address has orders",
      content = @Content(schema = @Schema(implementation = ShopperViews.SignInAccepted.class)))
  @APIResponse(responseCode = "400", description = "Not an email address")
  @APIResponse(responseCode = "401", description = "Missing, unknown or revoked key")
  @APIResponse(
      responseCode = "429",
      description = "Too many sign-ins asked for from this address or for this email",
      headers = @Header(name = "Retry-After", description = "Seconds to wait"))
  public Uni<Response> signIn(
      @Valid @NotNull ShopperRequests.SignIn request, @Context HttpServerRequest http) {
    String language = blank(request.locale()) ? null : StatusTexts.language(request.locale());
    return stores
        .profile(caller.storeId())
        .chain(
            store ->
                signIns.request(
                    store,
                    request.email(),
                    language,
                    "/track/" + store.slug() + "/orders",
                    ClientAddress.of(http)))
        .map(
            ignored ->
                Response.accepted(
                        new ShopperViews.SignInAccepted(SENT, config.codeTtl().toMinutes()))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .build());
  }

  @POST
  @Path("/token")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresScope(Scope.TRACKING_READ)
  @SecurityRequirement(name = "bearerKey")
  @Operation(
      operationId = "exchangeShopperCode",
      summary = "Exchange the emailed code for a shopper token",
      description =
          "Call with the store's publishable tracking:read key. The code works once, with the"
              + " email it was sent to and the key of the store that sent it. A wrong, used or"
              + " expired code gets 401; wrong codes are limited per client address and per email"
              + " (429 with Retry-After), and an emailed sign-in stops working after a few wrong"
              + " codes.")
  @APIResponse(
      responseCode = "200",
      description = "The shopper token, for GET /api/v1/shopper/orders",
      content = @Content(schema = @Schema(implementation = ShopperViews.Token.class)))
  @APIResponse(responseCode = "400", description = "No email, or the code is not 8 digits")
  @APIResponse(
      responseCode = "401",
      description = "Missing or unknown key, or a wrong, used or expired code")
  @APIResponse(
      responseCode = "429",
      description = "Too many wrong codes",
      headers = @Header(name = "Retry-After", description = "Seconds to wait"))
  public Uni<Response> token(
      @Valid @NotNull ShopperRequests.Code request, @Context HttpServerRequest http) {
    return signIns
        .exchange(caller.storeId(), request.email(), request.code(), ClientAddress.of(http))
        .map(
            session ->
                Response.ok(new ShopperViews.Token(session.token(), "Bearer", session.expiresAt()))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .build());
  }

  @GET
  @Path("/orders")
  @RequiresScope(Scope.TRACKING_READ)
  @AcceptsPublishableKeyInQuery
  @SecurityRequirement(name = "bearerKey")
  @Operation(
      operationId = "listShopperOrders",
      summary = "A signed-in shopper's orders with the store, newest first",
      description =
          "Send the shopper token as 'Authorization: Bearer <token>' and the store's publishable"
              + " key as the 'key' query parameter. A token works only with the key of the store"
              + " it was issued for, until it expires or the shopper's data is erased.")
  @APIResponse(
      responseCode = "200",
      description = "The shopper's orders",
      content = @Content(schema = @Schema(implementation = ShopperViews.Orders.class)))
  @APIResponse(
      responseCode = "401",
      description = "Unknown key, or a missing, expired or other store's shopper token")
  public Uni<Response> orders(
      @Parameter(description = "The store's publishable key (wb_pub_…)", required = true)
          @QueryParam(AcceptsPublishableKeyInQuery.PARAMETER)
          String key,
      @Parameter(
              description =
                  "Language of the status texts: en, de, fr, es, nl or it; defaults to the store's")
          @QueryParam("locale")
          String locale,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    String token = bearer(authorization);
    return stores
        .profile(caller.storeId())
        .chain(
            store ->
                signIns
                    .shopper(store.id(), token)
                    .chain(
                        shopper -> {
                          if (shopper == null) {
                            throw new Problems.Unauthorized(
                                "Send a shopper token from POST /api/v1/shopper/token as"
                                    + " 'Authorization: Bearer <token>'; it may have expired");
                          }
                          return signIns.orders(shopper);
                        })
                    .map(
                        orders -> {
                          String lang =
                              StatusTexts.language(blank(locale) ? store.defaultLocale() : locale);
                          List<ShopperViews.Order> out = new ArrayList<>(orders.size());
                          for (ShopperOrder o : orders) {
                            out.add(
                                new ShopperViews.Order(
                                    o.orderNumber(),
                                    o.placedAt(),
                                    o.status(),
                                    signIns.statusText(lang, o),
                                    o.cancelled(),
                                    o.trackingToken(),
                                    o.trackingUrl()));
                          }
                          return Response.ok(new ShopperViews.Orders(out))
                              .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                              .header(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION)
                              .build();
                        }));
  }

  private static String bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).trim();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
