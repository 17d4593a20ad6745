package dev.waybill.stores;

import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.stores.StoreRequests.CreateKey;
import dev.waybill.stores.StoreRequests.CreateStore;
import dev.waybill.stores.StoreRequests.UpdateStore;
import dev.waybill.stores.StoreViews.IssuedKey;
import dev.waybill.stores.StoreViews.KeyView;
import dev.waybill.stores.StoreViews.StoreView;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

@Path("/api/v1/admin/stores")
@Tag(
    name = "Admin",
    description =
        "Stores, keys, agents, carriers, delivery history and erasure (admin scope or the"
            + " platform admin token)")
@SecurityRequirement(name = "bearerKey")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing, unknown or revoked key")
@APIResponse(responseCode = "403", description = "The key lacks the admin scope")
public class AdminResource {

  private final StoreService stores;
  private final CurrentCaller caller;

  public AdminResource(StoreService stores, CurrentCaller caller) {
    this.stores = stores;
    this.caller = caller;
  }

  @POST
  @Operation(
      operationId = "createStore",
      summary = "Create a store",
      description = "Only the platform admin token (WAYBILL_ADMIN_TOKEN) may create stores.")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      headers = @Header(name = "Location", description = "The new store"),
      content = @Content(schema = @Schema(implementation = StoreView.class)))
  @APIResponse(responseCode = "400", description = "Invalid fields")
  @APIResponse(responseCode = "409", description = "The slug is taken")
  public Uni<RestResponse<StoreView>> create(@Valid @NotNull CreateStore request) {
    if (!caller.get().isPlatformAdmin()) {
      throw new Problems.Forbidden("Only the platform admin token may create stores");
    }
    return stores
        .create(request)
        .map(
            s ->
                RestResponse.ResponseBuilder.<StoreView>created(
                        URI.create("/api/v1/admin/stores/" + s.slug()))
                    .entity(s)
                    .build());
  }

  @GET
  @Path("/{slug}")
  @Operation(
      operationId = "getStore",
      summary = "Read a store",
      description =
          "Its name, branding, locale, time zone, tracking domain, processing days, rate limits and embed origins.")
  @APIResponse(responseCode = "200", description = "The store")
  @APIResponse(responseCode = "404", description = "No such store visible to this key")
  public Uni<StoreView> get(@PathParam("slug") String slug) {
    return stores.get(caller.get(), slug);
  }

  @PATCH
  @Path("/{slug}")
  @Operation(
      operationId = "updateStore",
      summary = "Update a store's name, branding, locale or time zone",
      description =
          "A new trackingDomain is pending until verified: see trackingDomainVerification in the"
              + " answer and POST /{slug}/tracking-domain/verify.")
  @APIResponse(responseCode = "200", description = "The updated store")
  @APIResponse(responseCode = "400", description = "Invalid fields")
  @APIResponse(responseCode = "404", description = "No such store visible to this key")
  public Uni<StoreView> update(
      @PathParam("slug") String slug, @Valid @NotNull UpdateStore request) {
    return stores.update(caller.get(), slug, request);
  }

  @POST
  @Path("/{slug}/tracking-domain/verify")
  @Consumes(MediaType.WILDCARD)
  @Operation(
      operationId = "verifyTrackingDomain",
      summary = "Check that the store controls its tracking domain, and make the domain live",
      description =
          "A tracking domain serves the store's pages only once verified. Publish a TXT record at"
              + " _waybill-challenge.<domain> with the token from trackingDomainVerification, or"
              + " serve the token as the body of http://<domain>/.well-known/waybill-domain/<token>"
              + " (plain text, status 200, no redirect), then call this. Either passes.")
  @APIResponse(responseCode = "200", description = "The store, its tracking domain verified")
  @APIResponse(responseCode = "404", description = "No such store visible to this key")
  @APIResponse(
      responseCode = "409",
      description = "No tracking domain is set, or another store already serves it")
  @APIResponse(responseCode = "422", description = "The domain shows no token yet")
  public Uni<StoreView> verifyTrackingDomain(@PathParam("slug") String slug) {
    return stores.verifyDomain(caller.get(), slug);
  }

  @POST
  @Path("/{slug}/keys")
  @Operation(
      operationId = "issueKey",
      summary = "Issue an API key",
      description =
          "The secret is returned once, in 'key'. A key with only tracking:read is publishable"
              + " (wb_pub_...) and may be embedded in a storefront or app.")
  @APIResponse(
      responseCode = "201",
      description = "The new key with its secret",
      headers = @Header(name = "Location", description = "The new key"),
      content = @Content(schema = @Schema(implementation = IssuedKey.class)))
  @APIResponse(responseCode = "400", description = "Invalid scopes")
  public Uni<RestResponse<IssuedKey>> issueKey(
      @PathParam("slug") String slug, @Valid @NotNull CreateKey request) {
    return stores
        .issueKey(caller.get(), slug, request)
        .map(
            k ->
                RestResponse.ResponseBuilder.<IssuedKey>created(
                        URI.create("/api/v1/admin/stores/" + slug + "/keys/" + k.id()))
                    .entity(k)
                    .build());
  }

  @GET
  @Path("/{slug}/keys")
  @Operation(
      operationId = "listKeys",
      summary = "List a store's API keys (never their secrets)",
      description = "Each key's prefix, scopes and last use.")
  @APIResponse(responseCode = "200", description = "The keys")
  public Uni<List<KeyView>> keys(@PathParam("slug") String slug) {
    return stores.keys(caller.get(), slug);
  }

  @DELETE
  @Path("/{slug}/keys/{keyId}")
  @Operation(
      operationId = "revokeKey",
      summary = "Revoke an API key",
      description = "Takes effect on every pod at once.")
  @APIResponse(responseCode = "200", description = "The revoked key")
  @APIResponse(responseCode = "404", description = "No such key in this store")
  public Uni<KeyView> revoke(@PathParam("slug") String slug, @PathParam("keyId") UUID keyId) {
    return stores.revokeKey(caller.get(), slug, keyId);
  }
}
