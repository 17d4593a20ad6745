package dev.waybill.connectors.woocommerce;

import dev.waybill.connectors.Connections;
import dev.waybill.connectors.ConnectorAdmin;
import dev.waybill.connectors.ConnectorViews.ConnectorView;
import dev.waybill.connectors.ConnectorViews.ReplayView;
import dev.waybill.connectors.woocommerce.WooRequests.ConnectWooCommerce;
import dev.waybill.connectors.woocommerce.WooSweeps.SweepView;
import dev.waybill.platform.errors.FieldError;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin/stores/{slug}/connectors/woocommerce")
@Tag(name = "Admin")
@SecurityRequirement(name = "bearerKey")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing, unknown or revoked key")
@APIResponse(responseCode = "403", description = "The key lacks the admin scope")
@APIResponse(responseCode = "404", description = "No such store visible to this key")
public class WooAdminResource {

  private final ConnectorAdmin admin;
  private final WooSweeps sweeps;
  private final WooConfig config;

  public WooAdminResource(ConnectorAdmin admin, WooSweeps sweeps, WooConfig config) {
    this.admin = admin;
    this.sweeps = sweeps;
    this.config = config;
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "connectWooCommerce",
      summary = "Connect the store to its WooCommerce site, or update the connection",
      description =
          "Idempotent. The secrets are stored encrypted and never returned. With a consumer key"
              + " and secret, a new site starts an import of the orders modified in the last"
              + " waybill.connectors.backfill-days days, and the safety sweep applies what"
              + " webhooks missed. Paste webhookUrl from the answer into each of the site's"
              + " webhooks; see docs/connectors/woocommerce.md.")
  @APIResponse(responseCode = "200", description = "The connection")
  @APIResponse(responseCode = "400", description = "Invalid fields")
  @APIResponse(responseCode = "409", description = "The site is connected to another store")
  @APIResponse(responseCode = "503", description = "Credential storage is not configured")
  public Uni<ConnectorView> connect(
      @PathParam("slug") String slug, @Valid @NotNull ConnectWooCommerce request) {
    String site = site(request);
    boolean keys = request.consumerKey() != null;
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put(Woo.WEBHOOK_SECRET, request.webhookSecret());
    secrets.put(Woo.CONSUMER_KEY, request.consumerKey());
    secrets.put(Woo.CONSUMER_SECRET, request.consumerSecret());
    return admin.connect(
        slug,
        Woo.ADMIN,
        new Connections.Connect(
            site, Map.of("siteUrl", site), secrets, false, keys ? admin.backfillSince() : null));
  }

  @GET
  @Operation(
      operationId = "getWooCommerceConnection",
      summary = "Read the store's WooCommerce connection",
      description =
          "Its state, last webhook, import progress, last error (a webhook WooCommerce disabled"
              + " shows here), parked webhooks and the webhook URL to paste; whether each"
              + " credential is set, never its value.")
  @APIResponse(responseCode = "200", description = "The connection")
  public Uni<ConnectorView> get(@PathParam("slug") String slug) {
    return admin.get(slug, Woo.ADMIN);
  }

  @GET
  @Path("/sweep")
  @Operation(
      operationId = "getWooCommerceSweep",
      summary = "Read the safety sweep of the store's WooCommerce connection",
      description =
          "When the site was last swept for orders whose webhooks never arrived, how many it"
              + " found, the last error, and the state of the site's Waybill webhooks as far as"
              + " the key can read them (a webhook WooCommerce disabled after failed deliveries"
              + " reads \"disabled\").")
  @APIResponse(responseCode = "200", description = "The sweep")
  public Uni<SweepView> sweep(@PathParam("slug") String slug) {
    return admin
        .get(slug, Woo.ADMIN)
        .chain(view -> admin.store(slug))
        .chain(store -> sweeps.view(store.id()))
        .map(
            view -> {
              if (view == null) {
                throw new Problems.NotFound("This store's WooCommerce connection is not swept");
              }
              return view;
            });
  }

  @DELETE
  @Operation(
      operationId = "disconnectWooCommerce",
      summary = "Disconnect the store from WooCommerce",
      description =
          "Its credentials are wiped at once; webhooks from the site are refused and the sweep"
              + " stops from then on. Orders already imported stay.")
  @APIResponse(responseCode = "200", description = "The connection, disconnected")
  public Uni<ConnectorView> disconnect(@PathParam("slug") String slug) {
    return admin.disconnect(slug, Woo.ADMIN);
  }

  @POST
  @Path("/replay")
  @Consumes(MediaType.WILDCARD)
  @Operation(
      operationId = "replayWooCommerceWebhooks",
      summary = "Apply the store's stored WooCommerce webhooks again",
      description =
          "Webhooks that could not be read (parked) or are waiting to be retried become due now;"
              + " use it once the cause shown in lastError is fixed.")
  @APIResponse(responseCode = "200", description = "How many became due")
  public Uni<ReplayView> replay(@PathParam("slug") String slug) {
    return admin.replay(slug, Woo.ADMIN);
  }

  private String site(ConnectWooCommerce request) {
    List<FieldError> errors = new ArrayList<>();
    String site = WooSites.normalise(request.siteUrl()).orElse(null);
    if (site == null) {
      errors.add(new FieldError("siteUrl", "must be the site's https URL"));
    } else if (!site.startsWith("https://") && !(config.allowLocalHttp() && WooSites.local(site))) {
      // WooCommerce takes the consumer secret as Basic auth only over TLS; it must never travel
      // in clear text.
      errors.add(new FieldError("siteUrl", "must use https"));
    }
    if ((request.consumerKey() == null) != (request.consumerSecret() == null)) {
      errors.add(
          new FieldError(
              request.consumerKey() == null ? "consumerKey" : "consumerSecret",
              "consumerKey and consumerSecret go together"));
    }
    if (!errors.isEmpty()) {
      throw new Problems.Invalid(errors);
    }
    return site;
  }
}
