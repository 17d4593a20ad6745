package dev.waybill.carriers;

import dev.waybill.carriers.spi.WebhookSource;
import dev.waybill.carriers.spi.WebhookSource.WebhookRejected;
import dev.waybill.platform.errors.Problems;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Tracking pushes from carriers and aggregators. A push is verified, stored durably, and only then
 * acknowledged; it is processed afterwards, so a crash after the 2xx loses nothing. Worker pods are
 * told at once and start on it; api pods only store it.
 */
@Path("/webhooks")
@Tag(name = "Carrier webhooks", description = "Pushes from EasyPost, AfterShip and waybill-sim")
public class WebhookResource {

  private final WebhookProcessor processor;
  private final WebhookInbox inbox;
  private final WebhookWorker worker;
  private final MeterRegistry metrics;

  public WebhookResource(
      WebhookProcessor processor, WebhookInbox inbox, WebhookWorker worker, MeterRegistry metrics) {
    this.processor = processor;
    this.inbox = inbox;
    this.worker = worker;
    this.metrics = metrics;
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
    String id;
    try {
      id = source.verify(lowerCase(headers), body == null ? new byte[0] : body, Instant.now());
    } catch (WebhookRejected e) {
      metrics.counter("waybill.webhooks.rejected", "source", name).increment();
      Log.warnf("Rejected %s push: %s", name, e.getMessage());
      throw e.status() == 400
          ? new Problems.Invalid("body", e.getMessage())
          : new Problems.Unauthorized(e.getMessage());
    }
    return inbox
        .store(name, id, new String(body, StandardCharsets.UTF_8))
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

  private static Map<String, String> lowerCase(HttpHeaders headers) {
    Map<String, String> out = new HashMap<>();
    headers
        .getRequestHeaders()
        .forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
    return out;
  }
}
