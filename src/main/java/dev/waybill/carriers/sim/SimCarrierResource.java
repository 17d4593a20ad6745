package dev.waybill.carriers.sim;

import dev.waybill.platform.security.AddressLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The simulated carrier's tracking API. Waybill polls it over real HTTP like any carrier; it can
 * add latency and fail a share of calls for load and fault tests. It answers 404 unless the
 * simulated carrier is switched on, and limits each client address when it is.
 */
@Path("/sim/v1")
@Tag(name = "Simulated carrier", description = "waybill-sim, for demos, tests and load")
public class SimCarrierResource {

  private final SimCarrierServer server;
  private final SimConfig config;
  private final AddressLimits limits;

  public SimCarrierResource(SimCarrierServer server, SimConfig config, AddressLimits limits) {
    this.server = server;
    this.config = config;
    this.limits = limits;
  }

  @POST
  @Path("/track")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Track up to 100 numbers",
      description = "Body: {\"trackingNumbers\": [\"SIM-ONTIME-...\"]}.")
  public Uni<Response> track(JsonObject body, HttpServerRequest request) {
    if (!config.enabled() || !config.serve()) {
      return Uni.createFrom().item(Response.status(404).build());
    }
    return limits
        .check("sim-client", request, config.perClient(), config.clientWindow())
        .chain(refused -> refused != null ? Uni.createFrom().item(refused) : answer(body));
  }

  private Uni<Response> answer(JsonObject body) {
    JsonArray numbers = body == null ? null : body.getJsonArray("trackingNumbers");
    if (numbers == null
        || numbers.isEmpty()
        || numbers.size() > 100
        || !numbers.stream().allMatch(String.class::isInstance)) {
      return Uni.createFrom()
          .item(
              Response.status(400)
                  .type(MediaType.APPLICATION_JSON)
                  .entity(
                      new JsonObject()
                          .put("error", "send 1-100 trackingNumbers, each a string")
                          .encode())
                  .build());
    }
    Uni<Response> answer;
    if (config.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < config.errorRate()) {
      answer = Uni.createFrom().item(Response.status(503).header("Retry-After", "1").build());
    } else {
      JsonArray results = new JsonArray();
      for (int i = 0; i < numbers.size(); i++) {
        results.add(server.track(numbers.getString(i)));
      }
      String json = new JsonObject().put("results", results).encode();
      answer = Uni.createFrom().item(Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build());
    }
    Duration latency = config.latency();
    return latency.isZero() ? answer : answer.onItem().delayIt().by(latency);
  }
}
