package dev.waybill.support.helpdesk;

import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.CredentialVault;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.stores.StoreDirectory;
import dev.waybill.stores.StoreProfile;
import dev.waybill.support.helpdesk.HelpdeskViews.HelpdeskView;
import dev.waybill.support.helpdesk.HelpdeskViews.LastTicket;
import dev.waybill.support.helpdesk.HelpdeskViews.QueueView;
import dev.waybill.support.helpdesk.HelpdeskViews.RetryView;
import dev.waybill.support.helpdesk.HelpdeskViews.SetHelpdesk;
import dev.waybill.support.helpdesk.Helpdesks.Helpdesk;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin/stores/{slug}/helpdesk")
@Tag(name = "Admin")
@SecurityRequirement(name = "bearerKey")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing, unknown or revoked key")
@APIResponse(responseCode = "403", description = "The key lacks the admin scope")
@APIResponse(responseCode = "404", description = "No such store visible to this key")
public class HelpdeskAdminResource {

  private final Helpdesks helpdesks;
  private final HelpdeskTickets tickets;
  private final StoreDirectory stores;
  private final CurrentCaller caller;

  public HelpdeskAdminResource(
      Helpdesks helpdesks, HelpdeskTickets tickets, StoreDirectory stores, CurrentCaller caller) {
    this.helpdesks = helpdesks;
    this.tickets = tickets;
    this.stores = stores;
    this.caller = caller;
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "setHelpdesk",
      summary = "Hand the store's support cases to its Zendesk or Gorgias",
      description =
          "Idempotent. From then on each support case a shopper opens becomes one ticket there,"
              + " with the order's story and a link to the case in the console. The API token is"
              + " stored encrypted and never returned. See docs/helpdesk.md.")
  @APIResponse(responseCode = "200", description = "The help desk")
  @APIResponse(responseCode = "400", description = "Invalid fields")
  @APIResponse(responseCode = "503", description = "Credential storage is not configured")
  public Uni<HelpdeskView> set(@PathParam("slug") String slug, @Valid @NotNull SetHelpdesk body) {
    HelpdeskKind kind = HelpdeskKind.of(body.kind());
    if (kind == null) {
      throw new Problems.Invalid("kind", "must be zendesk or gorgias");
    }
    if (body.apiToken() != null && body.apiToken().isBlank()) {
      throw new Problems.Invalid("apiToken", "must not be blank");
    }
    Helpdesks.Setting setting =
        new Helpdesks.Setting(
            kind,
            body.subdomain(),
            body.email().strip().toLowerCase(Locale.ROOT),
            body.apiToken() == null ? null : body.apiToken().strip(),
            body.tags() == null ? List.of() : body.tags().stream().distinct().toList());
    return store(slug)
        .chain(s -> helpdesks.save(s.id(), setting))
        .invoke(h -> Log.infof("Store %s hands its support cases to %s", slug, h.kind().id()))
        .chain(this::view);
  }

  @GET
  @Operation(
      operationId = "getHelpdesk",
      summary = "Read the store's help desk",
      description =
          "Which help desk, its account, the latest ticket and the queue with its last error;"
              + " whether the API token is set, never its value.")
  @APIResponse(responseCode = "200", description = "The help desk")
  public Uni<HelpdeskView> get(@PathParam("slug") String slug) {
    return store(slug).chain(s -> helpdesks.find(s.id())).chain(this::view);
  }

  @DELETE
  @Operation(
      operationId = "removeHelpdesk",
      summary = "Stop handing the store's support cases to its help desk",
      description =
          "The API token is wiped at once; tickets not yet created are not sent. Tickets already"
              + " created stay in the help desk.")
  @APIResponse(responseCode = "204", description = "Removed")
  public Uni<Void> remove(@PathParam("slug") String slug) {
    return store(slug)
        .chain(s -> helpdesks.remove(s.id()))
        .invoke(
            removed -> {
              if (!removed) {
                throw new Problems.NotFound("This store has no help desk");
              }
            })
        .replaceWithVoid();
  }

  @POST
  @Path("/retry")
  @Consumes(MediaType.WILDCARD)
  @Operation(
      operationId = "retryHelpdeskTickets",
      summary = "Send the store's dead tickets again",
      description =
          "Tickets the help desk refused, or that failed too often, become due now; use it once"
              + " the cause shown in queue.lastError is fixed (say, a new API token).")
  @APIResponse(responseCode = "200", description = "How many became due")
  public Uni<RetryView> retry(@PathParam("slug") String slug) {
    return store(slug).chain(s -> tickets.retryDead(s.id())).map(RetryView::new);
  }

  private Uni<StoreProfile> store(String slug) {
    return stores.manageable(slug, caller.get());
  }

  private Uni<HelpdeskView> view(Helpdesk h) {
    if (h == null) {
      throw new Problems.NotFound("This store has no help desk");
    }
    String hint;
    try {
      hint = CredentialVault.hint(helpdesks.token(h)).orElse(null);
    } catch (CredentialVault.Unreadable e) {
      hint = null;
    }
    String shown = hint;
    return Uni.combine()
        .all()
        .unis(tickets.last(h.storeId()), tickets.counts(h.storeId()))
        .with(
            (last, counts) ->
                new HelpdeskView(
                    h.kind().id(),
                    h.subdomain(),
                    h.email(),
                    h.sealedToken() != null,
                    shown,
                    h.tags(),
                    h.updatedAt(),
                    last == null
                        ? null
                        : new LastTicket(
                            last.reference(), last.ticketId(), last.ticketUrl(), last.sentAt()),
                    new QueueView(
                        counts.pending(),
                        counts.failing(),
                        counts.dead(),
                        counts.sent(),
                        counts.lastError(),
                        counts.lastErrorAt())));
  }
}
