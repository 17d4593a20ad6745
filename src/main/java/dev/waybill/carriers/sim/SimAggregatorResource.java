package dev.waybill.carriers.sim;

import dev.waybill.platform.security.AddressLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The simulated aggregator's API ({@link SimAggregator}), shaped as EasyPost's: HTTP basic auth
 * with the API key as the user, {@code {"tracker": {...}}} and {@code {"webhook": {...}}} bodies,
 * errors as {@code {"error": {"code", "message"}}}. Point {@code
 * waybill.webhooks.easypost.api-base-url} at {@code /sim/easypost} to use it. Answers 404 unless
 * the simulated carrier is on and served here, and limits each client address like {@code /sim/v1}.
 */
@Path("/sim/easypost/v2")
@Tag(name = "Simulated carrier", description = "waybill-sim, for demos, tests and load")
public class SimAggregatorResource {

  private final SimAggregator aggregator;
  private final SimConfig config;
  private final AddressLimits limits;

  public SimAggregatorResource(SimAggregator aggregator, SimConfig config, AddressLimits limits) {
    this.aggregator = aggregator;
    this.config = config;
    this.limits = limits;
  }

  @POST
  @Path("/trackers")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a tracker (EasyPost-compatible)",
      description = "Body: {\"tracker\": {\"tracking_code\": \"...\", \"carrier\": \"DPD\"}}.")
  public Uni<Response> createTracker(
      JsonObject body,
      @HeaderParam("Authorization") String authorization,
      HttpServerRequest request) {
    return guarded(
        request,
        authorization,
        apiKey -> {
          JsonObject tracker = body == null ? null : body.getJsonObject("tracker");
          String code = tracker == null ? null : tracker.getString("tracking_code");
          if (code == null || code.isBlank() || code.length() > 64) {
            return error(422, "TRACKER.TRACKING_CODE.INVALID", "tracker.tracking_code is required");
          }
          boolean known = aggregator.tracks(apiKey, code.strip());
          JsonObject created =
              aggregator.createTracker(apiKey, code.strip(), tracker.getString("carrier"));
          return Response.status(known ? 200 : 201)
              .type(MediaType.APPLICATION_JSON)
              .entity(created.encode())
              .build();
        });
  }

  @POST
  @Path("/webhooks")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a webhook (EasyPost-compatible)",
      description =
          "Body: {\"webhook\": {\"url\": \".../webhooks/easypost/{store}\", \"webhook_secret\":"
              + " \"...\"}}. The account's trackers are pushed there, signed with the secret.")
  public Uni<Response> createWebhook(
      JsonObject body,
      @HeaderParam("Authorization") String authorization,
      HttpServerRequest request) {
    return guarded(
        request,
        authorization,
        apiKey -> {
          JsonObject webhook = body == null ? null : body.getJsonObject("webhook");
          if (webhook == null) {
            return error(422, "WEBHOOK.INVALID", "webhook is required");
          }
          try {
            JsonObject created =
                aggregator.createWebhook(
                    apiKey, webhook.getString("url"), webhook.getString("webhook_secret"));
            return Response.status(201)
                .type(MediaType.APPLICATION_JSON)
                .entity(created.encode())
                .build();
          } catch (IllegalArgumentException e) {
            return error(422, "WEBHOOK.INVALID", e.getMessage());
          }
        });
  }

  private Uni<Response> guarded(
      HttpServerRequest request, String authorization, Function<String, Response> call) {
    if (!config.enabled() || !config.serve()) {
      return Uni.createFrom().item(Response.status(404).build());
    }
    return limits
        .check("sim-client", request, config.perClient(), config.clientWindow())
        .map(
            refused -> {
              if (refused != null) {
                return refused;
              }
              String apiKey = apiKey(authorization);
              if (apiKey == null) {
                return error(401, "APIKEY.REQUIRED", "Basic authorization with an API key");
              }
              return call.apply(apiKey);
            });
  }

  /** The user part of HTTP basic auth, as EasyPost takes its API key. */
  static String apiKey(String authorization) {
    if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith("basic ")) {
      return null;
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      String user = colon < 0 ? decoded : decoded.substring(0, colon);
      return user.isBlank() || user.length() > 200 ? null : user;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Response error(int status, String code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(
            new JsonObject()
                .put("error", new JsonObject().put("code", code).put("message", message))
                .encode())
        .build();
  }
}
