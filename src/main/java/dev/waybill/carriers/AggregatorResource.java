package dev.waybill.carriers;

import dev.waybill.carriers.AggregatorAccounts.AccountView;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.Caller;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.stores.StoreDirectory;
import dev.waybill.stores.StoreProfile;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A store's own accounts at tracking aggregators, which track (on the store's account) the carriers
 * Waybill has no direct adapter for. Keys are write-only.
 */
@Path("/api/v1/admin/stores/{slug}/aggregators")
@Tag(name = "Admin")
@SecurityRequirement(name = "bearerKey")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing, unknown or revoked key")
@APIResponse(responseCode = "403", description = "The key lacks the admin scope")
public class AggregatorResource {

  /** An aggregator account's secrets, as the aggregator's dashboard shows them. */
  public record SetAggregator(
      @Schema(
              description =
                  "The API key: EasyPost's production API key, AfterShip's API key (as-api-key),"
                      + " 17TRACK's security key (17token). Never shown again.")
          @NotBlank
          @Size(max = 500)
          String apiKey,
      @Schema(
              description =
                  "The webhook secret EasyPost or AfterShip signs pushes with; required for them,"
                      + " left out for 17TRACK, which signs with the API key. Never shown again.")
          @Size(max = 500)
          String webhookSecret) {}

  private final AggregatorAccounts accounts;
  private final StoreDirectory stores;
  private final CurrentCaller caller;

  public AggregatorResource(
      AggregatorAccounts accounts, StoreDirectory stores, CurrentCaller caller) {
    this.accounts = accounts;
    this.stores = stores;
    this.caller = caller;
  }

  @GET
  @Operation(
      operationId = "listStoreAggregators",
      summary = "The store's aggregator accounts",
      description =
          "Every aggregator (easypost, aftership, 17track), whether the store has set an account"
              + " there, the last four characters of a long API key, the path its pushes go"
              + " to, and the store's numbers there (activity). Secrets are never returned.")
  @APIResponse(responseCode = "200", description = "One entry per aggregator")
  @APIResponse(responseCode = "404", description = "No such store visible to this key")
  public Uni<List<AccountView>> list(@PathParam("slug") String slug) {
    return store(slug).chain(s -> accounts.list(s.id(), s.slug()));
  }

  @GET
  @Path("/{aggregator}")
  @Operation(
      operationId = "getStoreAggregator",
      summary = "The store's account at an aggregator, and what was done with it",
      description =
          "Whether an account is set (never its secrets), and the store's numbers there: how many"
              + " are registered, still awaiting registration, polled by the fallback in the last"
              + " 24 hours because no push came in time, stopped after delivery, and failing,"
              + " with the aggregator's latest error.")
  @APIResponse(responseCode = "200", description = "The account and its activity")
  @APIResponse(responseCode = "404", description = "No such store or aggregator")
  public Uni<AccountView> get(
      @PathParam("slug") String slug, @PathParam("aggregator") String aggregator) {
    accounts.aggregator(aggregator);
    return store(slug).chain(s -> accounts.view(s.id(), s.slug(), aggregator));
  }

  @PUT
  @Path("/{aggregator}")
  @Operation(
      operationId = "setStoreAggregator",
      summary = "Set the store's account at an aggregator",
      description =
          "Stores the API key (and webhook secret) sealed; replaces an account set before."
              + " Shipments of carriers without a direct adapter are then registered there, and"
              + " the aggregator's pushes to webhookPath update them.")
  @APIResponse(responseCode = "200", description = "The account, without its secrets")
  @APIResponse(responseCode = "400", description = "Invalid fields")
  @APIResponse(responseCode = "404", description = "No such store or aggregator")
  @APIResponse(
      responseCode = "503",
      description = "No key to encrypt credentials with is configured (credentials-not-configured)")
  public Uni<AccountView> set(
      @PathParam("slug") String slug,
      @PathParam("aggregator") String aggregator,
      @Valid @NotNull SetAggregator request) {
    accounts.aggregator(aggregator);
    return store(slug)
        .chain(
            s ->
                accounts.set(
                    s.id(), s.slug(), aggregator, request.apiKey(), request.webhookSecret()));
  }

  @DELETE
  @Path("/{aggregator}")
  @Operation(
      operationId = "removeStoreAggregator",
      summary = "Remove the store's account at an aggregator",
      description =
          "Forgets the credentials. Numbers not registered yet are not registered there; pushes"
              + " from that account are refused from now on.")
  @APIResponse(responseCode = "204", description = "Removed")
  @APIResponse(responseCode = "404", description = "No such store, aggregator or account")
  public Uni<RestResponse<Void>> remove(
      @PathParam("slug") String slug, @PathParam("aggregator") String aggregator) {
    accounts.aggregator(aggregator);
    return store(slug)
        .chain(s -> accounts.remove(s.id(), aggregator))
        .map(x -> RestResponse.noContent());
  }

  /** The store, if the caller may see it; otherwise the same 404 as a missing store. */
  private Uni<StoreProfile> store(String slug) {
    Caller c = caller.get();
    return stores
        .bySlug(slug)
        .map(
            s -> {
              if (s == null || !(c.isPlatformAdmin() || s.id().equals(c.storeId()))) {
                throw new Problems.NotFound("No store '" + slug + "'");
              }
              return s;
            });
  }
}
