package dev.waybill.marketing;

import dev.waybill.marketing.KlaviyoAccounts.Account;
import dev.waybill.marketing.KlaviyoViews.FailureView;
import dev.waybill.marketing.KlaviyoViews.IntegrationView;
import dev.waybill.marketing.KlaviyoViews.QueueView;
import dev.waybill.marketing.KlaviyoViews.RetryView;
import dev.waybill.marketing.KlaviyoViews.Settings;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.stores.StoreDirectory;
import dev.waybill.stores.StoreProfile;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** A store's shipment milestones sent to its Klaviyo account. */
@Path("/api/v1/admin/stores/{slug}/klaviyo")
@Tag(name = "Admin")
@SecurityRequirement(name = "bearerKey")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing, unknown or revoked key")
@APIResponse(responseCode = "403", description = "The key lacks the admin scope")
@APIResponse(responseCode = "404", description = "No such store visible to this key")
public class KlaviyoResource {

  private static final int RECENT_FAILURES = 10;

  private final KlaviyoAccounts accounts;
  private final KlaviyoQueue queue;
  private final StoreDirectory stores;
  private final CurrentCaller caller;

  public KlaviyoResource(
      KlaviyoAccounts accounts, KlaviyoQueue queue, StoreDirectory stores, CurrentCaller caller) {
    this.accounts = accounts;
    this.queue = queue;
    this.stores = stores;
    this.caller = caller;
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "setKlaviyo",
      summary = "Send the store's shipment milestones to its Klaviyo account",
      description =
          "Idempotent. From now on each chosen milestone of the store's parcels becomes a Klaviyo"
              + " event on the shopper's profile (metrics and properties: docs/klaviyo.md). The"
              + " key is stored encrypted and never returned; left out, the stored key is kept.")
  @APIResponse(responseCode = "200", description = "The integration")
  @APIResponse(responseCode = "400", description = "Invalid fields, named in errors")
  @APIResponse(responseCode = "503", description = "Credential storage is not configured")
  public Uni<IntegrationView> set(@PathParam("slug") String slug, @Valid @NotNull Settings body) {
    return store(slug)
        .chain(s -> accounts.save(s.id(), body.privateApiKey(), body.events()))
        .invoke(a -> Log.infof("Store %s sends %s to Klaviyo", a.storeId(), a.milestones()))
        .chain(this::view);
  }

  @GET
  @Operation(
      operationId = "getKlaviyo",
      summary = "Read the store's Klaviyo integration",
      description =
          "The milestones sent and their metric names, the event queue and its latest failures;"
              + " the key's last four characters, never the key.")
  @APIResponse(responseCode = "200", description = "The integration")
  public Uni<IntegrationView> get(@PathParam("slug") String slug) {
    return store(slug).chain(s -> accounts.find(s.id())).chain(this::view);
  }

  @DELETE
  @Operation(
      operationId = "deleteKlaviyo",
      summary = "Stop sending to Klaviyo",
      description = "The key is wiped at once; events not yet sent are dropped.")
  @APIResponse(responseCode = "204", description = "Stopped (or never started)")
  public Uni<RestResponse<Void>> delete(@PathParam("slug") String slug) {
    return store(slug).chain(s -> accounts.delete(s.id())).map(x -> RestResponse.noContent());
  }

  @POST
  @Path("/retry")
  @Consumes(MediaType.WILDCARD)
  @Operation(
      operationId = "retryKlaviyo",
      summary = "Send the store's dead Klaviyo events again",
      description =
          "Events Klaviyo refused, or that failed too often, become due now; use it once the cause"
              + " shown in queue.lastError is fixed (say, a key with the events:write scope).")
  @APIResponse(responseCode = "200", description = "How many became due")
  public Uni<RetryView> retry(@PathParam("slug") String slug) {
    return store(slug)
        .call(s -> accounts.find(s.id()).invoke(a -> exists(a)))
        .chain(s -> queue.retryDead(s.id()))
        .map(RetryView::new);
  }

  private Uni<StoreProfile> store(String slug) {
    return stores.manageable(slug, caller.get());
  }

  private static Account exists(Account a) {
    if (a == null) {
      throw new Problems.NotFound("This store does not send events to Klaviyo");
    }
    return a;
  }

  private Uni<IntegrationView> view(Account found) {
    Account a = exists(found);
    Map<String, String> metrics = new LinkedHashMap<>();
    a.milestones().forEach(m -> metrics.put(m.name(), m.metric()));
    return queue
        .counts(a.storeId())
        .chain(
            counts ->
                queue
                    .failures(a.storeId(), RECENT_FAILURES)
                    .map(
                        failures ->
                            new IntegrationView(
                                a.keyHint(),
                                accounts.readable(a),
                                a.milestones().stream().map(Enum::name).toList(),
                                metrics,
                                new QueueView(
                                    counts.pending(),
                                    counts.failing(),
                                    counts.dead(),
                                    counts.sent(),
                                    counts.skipped(),
                                    counts.lastError(),
                                    counts.lastErrorAt()),
                                failures.stream()
                                    .map(
                                        f ->
                                            new FailureView(
                                                f.id(),
                                                f.milestone().name(),
                                                f.shipmentId(),
                                                f.uniqueId(),
                                                f.state().name(),
                                                f.attempts(),
                                                f.lastStatus(),
                                                f.lastError(),
                                                f.lastErrorAt(),
                                                f.nextAttemptAt()))
                                    .toList(),
                                a.createdAt(),
                                a.updatedAt())));
  }
}
