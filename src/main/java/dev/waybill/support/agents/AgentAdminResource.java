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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path("/api/v1/admin/stores/{slug}/agents")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ADMIN)
@SecurityRequirement(name = "bearerKey")
public class AgentAdminResource {

  private final Agents agents;
  private final Invitations invitations;
  private final StoreDirectory stores;
  private final CurrentCaller caller;

  public AgentAdminResource(
      Agents agents, Invitations invitations, StoreDirectory stores, CurrentCaller caller) {
    this.agents = agents;
    this.invitations = invitations;
    this.stores = stores;
    this.caller = caller;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @ResponseStatus(202)
  @Operation(
      operationId = "inviteAgent",
      summary = "Invite a person to the store's support console",
      description =
          "Emails the person a single-use link, valid for waybill.agents.invitation-ttl (72 hours"
              + " by default), where they set their own password, or confirm the password of the"
              + " console account they already have, and join the store. Until then the"
              + " invitation is pending. The answer is the same whether or not the email has a"
              + " console account or belongs to other stores. Inviting an email with a pending"
              + " invitation sends a new link and retires the old one.")
  @APIResponse(
      responseCode = "202",
      description = "The invitation, pending",
      content = @Content(schema = @Schema(implementation = InvitationView.class)))
  @APIResponse(
      responseCode = "400",
      description = "Invalid email or name, or a password (the person chooses it)")
  @APIResponse(responseCode = "409", description = "The person is already in this store's team")
  @APIResponse(
      responseCode = "503",
      description = "The invitation is saved but its email could not be sent; re-send it")
  public Uni<InvitationView> add(@PathParam("slug") String slug, @Valid @NotNull AddAgent request) {
    return store(slug).chain(store -> invitations.invite(store.id(), request));
  }

  @GET
  @Path("/invitations")
  @Operation(
      operationId = "listAgentInvitations",
      summary = "The store's pending invitations to its support console, expired ones included",
      description =
          "Invitations not yet accepted or withdrawn, with their expiry; an expired one can be"
              + " re-sent.")
  public Uni<List<InvitationView>> invitations(@PathParam("slug") String slug) {
    return store(slug).chain(store -> invitations.pending(store.id()));
  }

  @POST
  @Path("/invitations/{invitationId}/resend")
  @Operation(
      operationId = "resendAgentInvitation",
      summary = "Email a pending invitation again, with a new link and a new expiry",
      description = "The link sent before stops working.")
  @APIResponse(responseCode = "200", description = "The invitation, pending")
  @APIResponse(responseCode = "404", description = "No pending invitation with this id here")
  public Uni<InvitationView> resend(
      @PathParam("slug") String slug, @PathParam("invitationId") UUID invitationId) {
    return store(slug).chain(store -> invitations.resend(store.id(), invitationId));
  }

  @DELETE
  @Path("/invitations/{invitationId}")
  @Operation(
      operationId = "revokeAgentInvitation",
      summary = "Withdraw a pending invitation; its link stops working",
      description = "The person can no longer join with the link they were sent.")
  @APIResponse(responseCode = "204", description = "Withdrawn")
  @APIResponse(responseCode = "404", description = "No pending invitation with this id here")
  public Uni<Void> revoke(
      @PathParam("slug") String slug, @PathParam("invitationId") UUID invitationId) {
    return store(slug).chain(store -> invitations.revoke(store.id(), invitationId));
  }

  @GET
  @Operation(
      operationId = "listAgents",
      summary = "The people with access to the store's support console",
      description = "People invited but not yet joined are listed under /invitations.")
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
