package dev.waybill.platform.observability;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A constant answer: for uptime checks, and the ceiling that benchmarks compare lookups with. */
@Path("/api/v1/ping")
@Tag(name = "Platform", description = "The API itself, for uptime checks")
public class PingResource {

  /** A record, so the JSON is written by the same serializer as every other endpoint. */
  public record Pong(String status, String service) {}

  private static final Pong PONG = new Pong("ok", "waybill");

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "ping",
      summary = "Liveness of the API itself, without touching any dependency",
      description = "Needs no key.")
  @SecurityRequirements
  public Pong ping() {
    return PONG;
  }
}
