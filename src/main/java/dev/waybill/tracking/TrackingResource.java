package dev.waybill.tracking;

import dev.waybill.platform.errors.FieldError;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.Caller;
import dev.waybill.platform.security.ClientAddress;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.tracking.TrackingCache.Tier;
import dev.waybill.tracking.TrackingService.Lookup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/tracking")
@Tag(name = "Tracking", description = "Shopper-facing lookups for storefronts and apps")
@Produces(MediaType.APPLICATION_JSON)
public class TrackingResource {

  static final String CACHE_HEADER = "X-Waybill-Cache";

  /**
   * Present, with the value {@code cache}, when the cache is unreachable and the lookup was
   * rendered from Postgres: the answer is current, only slower. Monitors and load tests can tell a
   * degraded pod by it.
   */
  static final String DEGRADED_HEADER = "X-Waybill-Degraded";

  private final TrackingService tracking;
  private final CurrentCaller caller;
  private final Map<Tier, Timer> byKeyTimers = new EnumMap<>(Tier.class);
  private final Map<Tier, Timer> byTokenTimers = new EnumMap<>(Tier.class);
  private final Timer notFoundTimer;

  public TrackingResource(TrackingService tracking, CurrentCaller caller, MeterRegistry metrics) {
    this.tracking = tracking;
    this.caller = caller;
    for (Tier tier : Tier.values()) {
      byKeyTimers.put(tier, timer(metrics, "order", tier.name().toLowerCase()));
      byTokenTimers.put(tier, timer(metrics, "token", tier.name().toLowerCase()));
    }
    this.notFoundTimer = timer(metrics, "any", "not_found");
  }

  @GET
  @RequiresScope({Scope.TRACKING_READ, Scope.ORDERS_WRITE, Scope.SUPPORT})
  @SecurityRequirement(name = "bearerKey")
  @Operation(
      operationId = "trackOrder",
      summary = "Look up an order's tracking by order number and email or postal code",
      description =
          "Call with the store's publishable tracking:read key. A wrong email or postal code and"
              + " an unknown order number get the same 404, so order numbers can't be probed."
              + " Failed lookups are limited per client address and per order number (429 with"
              + " Retry-After; then even the right details wait). Supports If-None-Match.")
  @APIResponse(
      responseCode = "200",
      description = "The order's tracking",
      headers = {
        @Header(name = "ETag", description = "Send back as If-None-Match"),
        @Header(name = CACHE_HEADER, description = "HIT-LOCAL, HIT-REDIS or MISS"),
        @Header(
            name = DEGRADED_HEADER,
            description =
                "'cache' when Redis is unreachable and the answer was rendered from Postgres")
      },
      content = @Content(schema = @Schema(implementation = TrackingView.class)))
  @APIResponse(responseCode = "304", description = "Not modified since the ETag sent")
  @APIResponse(
      responseCode = "400",
      description = "orderNumber missing, or neither email nor postalCode sent")
  @APIResponse(responseCode = "401", description = "Missing, unknown or revoked key")
  @APIResponse(responseCode = "404", description = "No order matches these details")
  public Uni<Response> byOrderNumber(
      @Parameter(required = true, example = "1001") @QueryParam("orderNumber") String orderNumber,
      @Parameter(description = "The shopper's email (or send postalCode)") @QueryParam("email")
          String email,
      @Parameter(description = "The shipping postal code (or send email)") @QueryParam("postalCode")
          String postalCode,
      @Parameter(
              description =
                  "Language of the texts: en, de, fr, es, nl or it (de-AT counts as de); defaults to the"
                      + " order's, then the store's")
          @QueryParam("locale")
          String locale,
      @Parameter(
              description = "'all' for every event instead of the latest few",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"latest", "all"}))
          @QueryParam("events")
          String events,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
      @Context HttpServerRequest request) {
    long start = System.nanoTime();
    List<FieldError> errors = new ArrayList<>();
    if (blank(orderNumber)) {
      errors.add(new FieldError("orderNumber", "is required"));
    } else if (orderNumber.length() > 64) {
      errors.add(new FieldError("orderNumber", "must be at most 64 characters"));
    }
    if (blank(email) && blank(postalCode)) {
      errors.add(new FieldError("email", "send the shopper's email or the postal code"));
    }
    if ((email != null && email.length() > 254)
        || (postalCode != null && postalCode.length() > 20)) {
      errors.add(new FieldError(email != null ? "email" : "postalCode", "is too long"));
    }
    boolean all = allEvents(events, errors);
    if (!errors.isEmpty()) {
      throw new Problems.Invalid(errors);
    }
    return tracking
        .byOrderNumber(
            caller.storeId(),
            orderNumber.trim(),
            blank(email) ? null : email,
            blank(email) ? postalCode : null,
            blank(locale) ? null : locale,
            all,
            limitedClient(caller.get(), request))
        .map(lookup -> respond(lookup, ifNoneMatch, byKeyTimers, start))
        .onFailure(Problems.NotFound.class)
        .invoke(e -> notFoundTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
  }

  @GET
  @Path("/{token}")
  @Operation(
      operationId = "trackByToken",
      summary = "Look up an order's tracking by its signed token",
      description =
          "The token comes from tracking links in emails and SMS, and from lookups. No key is"
              + " needed. Revoked or expired tokens get 404.")
  @APIResponse(
      responseCode = "200",
      description = "The order's tracking",
      headers = {
        @Header(name = "ETag", description = "Send back as If-None-Match"),
        @Header(name = CACHE_HEADER, description = "HIT-LOCAL, HIT-REDIS or MISS"),
        @Header(
            name = DEGRADED_HEADER,
            description =
                "'cache' when Redis is unreachable and the answer was rendered from Postgres")
      },
      content = @Content(schema = @Schema(implementation = TrackingView.class)))
  @APIResponse(responseCode = "304", description = "Not modified since the ETag sent")
  @APIResponse(responseCode = "404", description = "Unknown, revoked or expired token")
  @SecurityRequirements
  public Uni<Response> byToken(
      @PathParam("token") String token,
      @Parameter(
              description =
                  "Language of the texts: en, de, fr, es, nl or it (de-AT counts as de); defaults"
                      + " to the order's, then the store's")
          @QueryParam("locale")
          String locale,
      @QueryParam("events") String events,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    long start = System.nanoTime();
    List<FieldError> errors = new ArrayList<>();
    boolean all = allEvents(events, errors);
    if (!errors.isEmpty()) {
      throw new Problems.Invalid(errors);
    }
    return tracking
        .byToken(token, blank(locale) ? null : locale, all)
        .map(lookup -> respond(lookup, ifNoneMatch, byTokenTimers, start))
        .onFailure(Problems.NotFound.class)
        .invoke(e -> notFoundTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
  }

  private static Response respond(
      Lookup lookup, String ifNoneMatch, Map<Tier, Timer> timers, long start) {
    String cacheState =
        switch (lookup.tier()) {
          case LOCAL -> "HIT-LOCAL";
          case REDIS -> "HIT-REDIS";
          case DATABASE -> "MISS";
        };
    Response.ResponseBuilder r =
        ifNoneMatch != null
                && (ifNoneMatch.contains(lookup.etag()) || ifNoneMatch.trim().equals("*"))
            ? Response.notModified()
            : Response.ok(lookup.body(), MediaType.APPLICATION_JSON_TYPE);
    timers.get(lookup.tier()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    if (lookup.degraded()) {
      r.header(DEGRADED_HEADER, "cache");
    }
    return r.header(HttpHeaders.ETAG, lookup.etag())
        // Personal data: browsers may keep it but must revalidate; shared caches must not.
        .header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
        .header(HttpHeaders.VARY, "Authorization")
        .header(CACHE_HEADER, cacheState)
        .build();
  }

  /**
   * The address lookup limits count against, or null for the store's secret keys: they read every
   * order through the merchant and support APIs anyway, and a store's server looks orders up for
   * all of its shoppers from one address.
   */
  private static String limitedClient(Caller caller, HttpServerRequest request) {
    if (caller.has(Scope.ORDERS_WRITE) || caller.has(Scope.SUPPORT)) {
      return null;
    }
    return ClientAddress.of(request);
  }

  private static boolean allEvents(String events, List<FieldError> errors) {
    if (events == null || events.isBlank() || events.equals("latest")) {
      return false;
    }
    if (events.equals("all")) {
      return true;
    }
    errors.add(new FieldError("events", "must be 'latest' or 'all'"));
    return false;
  }

  private static Timer timer(MeterRegistry metrics, String via, String tier) {
    return Timer.builder("waybill.tracking.lookup")
        .description("Tracking lookup latency by how it was asked and which tier answered")
        .tag("via", via)
        .tag("tier", tier)
        .publishPercentiles(0.5, 0.99)
        .register(metrics);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
