package dev.waybill.carriers;

import dev.waybill.carriers.spi.WebhookSource;
import dev.waybill.carriers.spi.WebhookSource.WebhookRejected;
import dev.waybill.platform.errors.Problems;
import dev.waybill.stores.StoreDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Tracking pushes from carriers and aggregators. A push is verified, stored durably, and only then
 * acknowledged; it is processed afterwards, so a crash after the 2xx loses nothing. Worker pods are
 * told at once and start on it; api pods only store it.
 */
@Path("/webhooks")
@Tag(
    name = "Carrier webhooks",
    description = "Pushes from EasyPost, AfterShip, 17TRACK and waybill-sim")
public class WebhookResource {

  private final WebhookProcessor processor;
  private final WebhookInbox inbox;
  private final WebhookWorker worker;
  private final MeterRegistry metrics;
  private final AggregatorAccounts accounts;
  private final StoreDirectory stores;

  public WebhookResource(
      WebhookProcessor processor,
      WebhookInbox inbox,
      WebhookWorker worker,
      MeterRegistry metrics,
      AggregatorAccounts accounts,
      StoreDirectory stores) {
    this.processor = processor;
    this.inbox = inbox;
    this.worker = worker;
    this.metrics = metrics;
    this.accounts = accounts;
    this.stores = stores;
  }

  @POST
  @Path("/{source}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Receive a tracking push",
      description =
          "Signed as the sender documents it. 202 once stored; 401 for a bad signature or a"
              + " stale push; 409 for a push already received.")
  @APIResponse(responseCode = "202", description = "Stored; processed shortly")
  @APIResponse(
      responseCode = "401",
      description = "Missing or wrong signature, or a stale timestamp")
  @APIResponse(responseCode = "409", description = "This push was received before")
  public Uni<Response> receive(@PathParam("source") String name, HttpHeaders headers, byte[] body) {
    WebhookSource source = processor.source(name);
    if (source == null) {
      throw new Problems.NotFound("No webhook source '" + name + "'");
    }
    if (!source.enabled()) {
      throw new Problems.Unauthorized("Webhooks from " + name + " are not configured");
    }
    return accept(
        name, null, () -> source.verify(lowerCase(headers), bytes(body), Instant.now()), body);
  }

  @POST
  @Path("/{source}/{store}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Receive a tracking push from a store's own aggregator account",
      description =
          "The path a store gives its EasyPost, AfterShip or 17TRACK account (webhookPath in"
              + " GET /api/v1/admin/stores/{slug}/aggregators). Signed as the aggregator documents"
              + " it, with that store's webhook secret (17TRACK: its key); only that store's"
              + " shipments are updated. 202 once stored; 401 for a bad signature or no account.")
  @APIResponse(responseCode = "202", description = "Stored; processed shortly")
  @APIResponse(
      responseCode = "401",
      description = "Missing or wrong signature, a stale push, or no account for this store")
  @APIResponse(responseCode = "409", description = "This push was received before")
  public Uni<Response> receiveForStore(
      @PathParam("source") String name,
      @PathParam("store") String slug,
      HttpHeaders headers,
      byte[] body) {
    WebhookSource source = processor.source(name);
    if (source == null || !accounts.all().containsKey(name)) {
      throw new Problems.NotFound("No webhook source '" + name + "' for stores");
    }
    Map<String, String> lower = lowerCase(headers);
    return stores
        .bySlug(slug)
        .chain(
            store -> {
              if (store == null) {
                return Uni.createFrom()
                    .failure(new Problems.Unauthorized("No " + name + " account for this path"));
              }
              return accounts
                  .credentials(store.id(), name)
                  .map(
                      c ->
                          c.flatMap(cr -> AggregatorAccounts.pushKey(accounts.aggregator(name), cr))
                              .orElseThrow(
                                  () ->
                                      new Problems.Unauthorized(
                                          "No " + name + " account for this path")))
                  .chain(
                      key ->
                          accept(
                              name,
                              store.id(),
                              () -> source.verify(lower, bytes(body), Instant.now(), key),
                              body));
            });
  }

  private Uni<Response> accept(
      String name, UUID storeId, java.util.function.Supplier<String> verify, byte[] body) {
    String id;
    try {
      id = verify.get();
    } catch (WebhookRejected e) {
      metrics.counter("waybill.webhooks.rejected", "source", name).increment();
      Log.warnf("Rejected %s push: %s", name, e.getMessage());
      throw e.status() == 400
          ? new Problems.Invalid("body", e.getMessage())
          : new Problems.Unauthorized(e.getMessage());
    }
    return inbox
        .store(name, id, new String(bytes(body), StandardCharsets.UTF_8), storeId)
        .map(
            stored -> {
              if (stored == null) {
                metrics.counter("waybill.webhooks.replayed", "source", name).increment();
                throw new Problems.Conflict(
                    "webhook-replayed", "Push " + id + " was received before; nothing changed");
              }
              metrics.counter("waybill.webhooks.received", "source", name).increment();
              worker.announce();
              return Response.accepted(Map.of("id", stored.toString())).build();
            });
  }

  private static byte[] bytes(byte[] body) {
    return body == null ? new byte[0] : body;
  }

  private static Map<String, String> lowerCase(HttpHeaders headers) {
    Map<String, String> out = new HashMap<>();
    headers
        .getRequestHeaders()
        .forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
    return out;
  }
}
