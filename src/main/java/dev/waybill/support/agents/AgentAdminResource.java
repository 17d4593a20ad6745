package dev.waybill.support.agents;

import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.Caller;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.stores.StoreDirectory;
import dev.waybill.stores.StoreProfile;
import dev.waybill.support.agents.AgentRequests.AddAgent;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin/stores/{slug}/agents")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ADMIN)
@SecurityRequirement(name = "bearerKey")
public class AgentAdminResource {

  private final Agents agents;
  private final StoreDirectory stores;
  private final CurrentCaller caller;

  public AgentAdminResource(Agents agents, StoreDirectory stores, CurrentCaller caller) {
    this.agents = agents;
    this.stores = stores;
    this.caller = caller;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "addAgent",
      summary = "Give a person access to the store's support console",
      description =
          "A new agent needs a password; an existing one keeps theirs and gets this store too.")
  @APIResponse(responseCode = "200", description = "The agent")
  @APIResponse(responseCode = "400", description = "Invalid email, name or password")
  public Uni<AgentView> add(@PathParam("slug") String slug, @Valid @NotNull AddAgent request) {
    return store(slug).chain(store -> agents.add(store.id(), request));
  }

  @GET
  @Operation(
      operationId = "listAgents",
      summary = "The people with access to the store's support console",
      description = "Each agent with their role in this store.")
  public Uni<List<AgentView>> list(@PathParam("slug") String slug) {
    return store(slug).chain(store -> agents.list(store.id()));
  }

  @DELETE
  @Path("/{agentId}")
  @Operation(
      operationId = "removeAgent",
      summary = "Take the store's console away from an agent",
      description = "Other stores they work for keep their access.")
  @APIResponse(responseCode = "204", description = "Access removed")
  public Uni<Void> remove(@PathParam("slug") String slug, @PathParam("agentId") UUID agentId) {
    return store(slug).chain(store -> agents.remove(store.id(), agentId));
  }

  private Uni<StoreProfile> store(String slug) {
    Caller who = caller.get();
    if (!who.isPlatformAdmin() && !slug.equals(who.storeSlug())) {
      // The same answer as for a store that doesn't exist: keys can't probe other stores.
      return Uni.createFrom().failure(new Problems.NotFound("No such store"));
    }
    return stores
        .bySlug(slug)
        .map(
            store -> {
              if (store == null) {
                throw new Problems.NotFound("No such store");
              }
              return store;
            });
  }
}
