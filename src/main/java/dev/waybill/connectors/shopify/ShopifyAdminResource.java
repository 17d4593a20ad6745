package dev.waybill.connectors.shopify;

import dev.waybill.connectors.Connections;
import dev.waybill.connectors.ConnectorAdmin;
import dev.waybill.connectors.ConnectorViews.ConnectorView;
import dev.waybill.connectors.ConnectorViews.ReplayView;
import dev.waybill.connectors.ConnectorViews.WriteBackRetryView;
import dev.waybill.connectors.shopify.ShopifyRequests.ConnectShopify;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v1/admin/stores/{slug}/connectors/shopify")
@Tag(name = "Admin")
@SecurityRequirement(name = "bearerKey")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing, unknown or revoked key")
@APIResponse(responseCode = "403", description = "The key lacks the admin scope")
@APIResponse(responseCode = "404", description = "No such store visible to this key")
public class ShopifyAdminResource {

  private final ConnectorAdmin admin;
  private final Connections connections;
  private final ShopifyImports imports;
  private final ShopifyDataRequests dataRequests;

  public ShopifyAdminResource(
      ConnectorAdmin admin,
      Connections connections,
      ShopifyImports imports,
      ShopifyDataRequests dataRequests) {
    this.admin = admin;
    this.connections = connections;
    this.imports = imports;
    this.dataRequests = dataRequests;
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "connectShopify",
      summary = "Connect the store to its Shopify shop, or update the connection",
      description =
          "Idempotent. The secrets are stored encrypted and never returned; an accessToken left"
              + " out keeps the stored one. With an accessToken, the orders updated in the last"
              + " waybill.connectors.backfill-days days are imported (a failed import resumes)."
              + " Subscribe the shop's webhooks to webhookUrl from the answer; see"
              + " docs/connectors/shopify.md.")
  @APIResponse(responseCode = "200", description = "The connection")
  @APIResponse(responseCode = "400", description = "Invalid fields")
  @APIResponse(responseCode = "409", description = "The shop is connected to another store")
  @APIResponse(responseCode = "503", description = "Credential storage is not configured")
  public Uni<ConnectorView> connect(
      @PathParam("slug") String slug, @Valid @NotNull ConnectShopify request) {
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put(Shopify.WEBHOOK_SECRET, request.webhookSecret());
    secrets.put(Shopify.ACCESS_TOKEN, request.accessToken());
    String domain = request.shopDomain().strip().toLowerCase(Locale.ROOT);
    if (!domain.endsWith(".myshopify.com")) {
      throw new Problems.Invalid("shopDomain", "must be the shop's <name>.myshopify.com domain");
    }
    boolean token = request.accessToken() != null;
    return admin
        .connect(
            slug,
            Shopify.ADMIN,
            new Connections.Connect(
                domain,
                Map.of("shopDomain", domain),
                secrets,
                Boolean.TRUE.equals(request.writeBack()),
                token ? admin.backfillSince() : null))
        // A connection that had no token yet, or whose import failed, imports now.
        .chain(
            view ->
                token
                    ? start(slug, false).chain(() -> admin.get(slug, Shopify.ADMIN))
                    : Uni.createFrom().item(view));
  }

  @POST
  @Path("/backfill")
  @Consumes(MediaType.WILDCARD)
  @Operation(
      operationId = "backfillShopify",
      summary = "Import the store's recent Shopify orders again",
      description =
          "Starts a new import of the orders updated in the last waybill.connectors.backfill-days"
              + " days; a failed import resumes where it stopped. While one is pending or running"
              + " nothing changes. Orders already imported are not written again; follow the"
              + " progress in the connection's backfill.")
  @APIResponse(responseCode = "202", description = "The connection, its import due")
  @APIResponse(
      responseCode = "409",
      description = "Not connected, or no Admin API access token is stored")
  public Uni<RestResponse<ConnectorView>> backfill(@PathParam("slug") String slug) {
    return start(slug, true)
        .chain(() -> admin.get(slug, Shopify.ADMIN))
        .map(view -> RestResponse.status(RestResponse.Status.ACCEPTED, view));
  }

  private Uni<ShopifyImports.Started> start(String slug, boolean rerun) {
    return admin
        .store(slug)
        .chain(store -> connections.find(store.id(), Shopify.KIND))
        .chain(
            c -> {
              if (c == null) {
                throw new Problems.NotFound("This store has no shopify connection");
              }
              if (!c.connected()) {
                throw new Problems.Conflict(
                    "not-connected", "The Shopify connection is " + c.state().name());
              }
              if (!c.sealed().containsKey(Shopify.ACCESS_TOKEN)) {
                throw new Problems.Conflict(
                    "no-access-token",
                    "Importing orders needs the Admin API accessToken; set it with PUT first");
              }
              return imports.start(c.id(), admin.backfillSince(), rerun);
            });
  }

  @GET
  @Operation(
      operationId = "getShopifyConnection",
      summary = "Read the store's Shopify connection",
      description =
          "Its state, last webhook, import progress, last error, parked webhooks and the webhook"
              + " URL to paste; whether each credential is set, never its value.")
  @APIResponse(responseCode = "200", description = "The connection")
  public Uni<ConnectorView> get(@PathParam("slug") String slug) {
    return admin.get(slug, Shopify.ADMIN);
  }

  @DELETE
  @Operation(
      operationId = "disconnectShopify",
      summary = "Disconnect the store from Shopify",
      description =
          "Its credentials are wiped at once; webhooks from the shop are refused from then on."
              + " Orders already imported stay.")
  @APIResponse(responseCode = "200", description = "The connection, disconnected")
  public Uni<ConnectorView> disconnect(@PathParam("slug") String slug) {
    return admin.disconnect(slug, Shopify.ADMIN);
  }

  @POST
  @Path("/replay")
  @Consumes(MediaType.WILDCARD)
  @Operation(
      operationId = "replayShopifyWebhooks",
      summary = "Apply the store's stored Shopify webhooks again",
      description =
          "Webhooks that could not be read (parked) or are waiting to be retried become due now;"
              + " use it once the cause shown in lastError is fixed.")
  @APIResponse(responseCode = "200", description = "How many became due")
  public Uni<ReplayView> replay(@PathParam("slug") String slug) {
    return admin.replay(slug, Shopify.ADMIN);
  }

  @POST
  @Path("/write-back/retry")
  @Consumes(MediaType.WILDCARD)
  @Operation(
      operationId = "retryShopifyWriteBacks",
      summary = "Send the store's dead Shopify write-backs again",
      description =
          "Status changes Shopify refused, or that failed too often, become due now; use it once"
              + " the cause shown in writeBackQueue.lastError is fixed (say, a new access token).")
  @APIResponse(responseCode = "200", description = "How many became due")
  public Uni<WriteBackRetryView> retryWriteBacks(@PathParam("slug") String slug) {
    return admin.retryWriteBacks(slug, Shopify.ADMIN);
  }

  @GET
  @Path("/data-requests")
  @Operation(
      operationId = "listShopifyDataRequests",
      summary = "Read the customer data requests Shopify forwarded",
      description =
          "Each customers/data_request webhook, newest first (the latest 100), with the orders"
              + " Waybill holds for that shopper's email or phone now and a JSON export of them"
              + " to send to the shopper. See docs/privacy.md.")
  @APIResponse(responseCode = "200", description = "The requests")
  public Uni<List<ShopifyDataRequests.DataRequestView>> dataRequests(
      @PathParam("slug") String slug) {
    return admin.store(slug).chain(store -> dataRequests.list(store.id(), 100));
  }
}
