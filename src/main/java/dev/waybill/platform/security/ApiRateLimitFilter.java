package dev.waybill.platform.security;

import dev.waybill.platform.errors.Problem;
import dev.waybill.platform.security.StoreRateLimits.Limits;
import dev.waybill.platform.security.TokenBuckets.Bucket;
import dev.waybill.platform.security.TokenBuckets.Outcome;
import dev.waybill.platform.security.TokenBuckets.State;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Limits {@code /api/**} and {@code /webhooks/**} per API key and per client address, and tells
 * clients where they stand with the {@code RateLimit-Policy} and {@code RateLimit} fields of
 * draft-ietf-httpapi-ratelimit-headers. Runs before authentication, so guessing keys is limited
 * too: a bearer value that no pod remembers is charged to the client's address before the database
 * is asked about it. A key's own store may set its numbers.
 */
public class ApiRateLimitFilter {

  static final String POLICY_HEADER = "RateLimit-Policy";
  static final String STATE_HEADER = "RateLimit";
  private static final String OUTCOME = ApiRateLimitFilter.class.getName() + ".outcome";
  private static final Uni<Response> NONE = Uni.createFrom().nullItem();

  private final SecurityConfig.RateLimit config;
  private final Authenticator authenticator;
  private final StoreRateLimits stores;
  private final TokenBuckets buckets;

  public ApiRateLimitFilter(
      SecurityConfig config,
      Authenticator authenticator,
      StoreRateLimits stores,
      TokenBuckets buckets) {
    this.config = config.rateLimit();
    this.authenticator = authenticator;
    this.stores = stores;
    this.buckets = buckets;
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
  public Uni<Response> limit(ContainerRequestContext request, HttpServerRequest http) {
    // The raw path: no decoding, nothing allocated for a request outside the limited prefixes.
    String path = http.path();
    if (!config.enabled() || !(path.startsWith("/api/") || path.startsWith("/webhooks/"))) {
      return NONE;
    }
    String client = ClientAddress.of(http);
    boolean webhook = path.startsWith("/webhooks/");
    String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    Caller known = authorization == null ? null : authenticator.known(authorization);
    if (known != null) {
      request.setProperty(Authenticator.RESOLVED, known);
    }
    Uni<Outcome> outcome;
    if (authorization == null || known != null) {
      // Anonymous callers, the platform admin and a remembered key of a remembered store need no
      // lookup: a lease this pod holds answers them without a single asynchronous step.
      List<Bucket> fixed = knownBuckets(known, client, webhook);
      if (fixed != null) {
        Outcome leased = buckets.spendLeased(fixed);
        if (leased != null) {
          Response refused = decide(request, leased, path);
          return refused == null ? NONE : Uni.createFrom().item(refused);
        }
        outcome = buckets.take(fixed);
      } else {
        outcome = bucketsFor(known, client, webhook).chain(buckets::take);
      }
    } else {
      // A bearer value no pod memory knows is paid for by the address first: guessing keys then
      // costs the guesser its address quota, and a refused guess never reaches the database. An
      // unknown key stays limited by address only; authentication answers it afterwards.
      outcome =
          bucketsFor(null, client, webhook)
              .chain(buckets::take)
              .chain(
                  byAddress ->
                      !byAddress.allowed()
                          ? Uni.createFrom().item(byAddress)
                          : authenticator
                              .authenticate(authorization)
                              .onFailure()
                              .recoverWithNull()
                              .chain(
                                  caller ->
                                      caller == null
                                          ? Uni.createFrom().item(byAddress)
                                          : bucketsFor(caller, client, webhook)
                                              .chain(buckets::take)));
    }
    return outcome.map(o -> decide(request, o, path));
  }

  /** Null to go on, or the 429; remembers the outcome for the response's headers. */
  private static Response decide(ContainerRequestContext request, Outcome o, String path) {
    if (!o.checked()) {
      return null;
    }
    request.setProperty(OUTCOME, o);
    return o.allowed() ? null : tooMany(o, path);
  }

  @ServerResponseFilter
  public void headers(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(OUTCOME) instanceof Outcome outcome
        && !response.getHeaders().containsKey(STATE_HEADER)) {
      response.getHeaders().putSingle(POLICY_HEADER, policies(outcome));
      response.getHeaders().putSingle(STATE_HEADER, states(outcome));
    }
  }

  /**
   * The buckets of a caller whose limits are known without waiting: anonymous, the platform admin,
   * or a store's key whose store this pod remembers; null otherwise.
   */
  private List<Bucket> knownBuckets(Caller caller, String client, boolean webhook) {
    List<Bucket> fixed = fixedBuckets(caller, client, webhook);
    if (fixed != null) {
      return fixed;
    }
    Limits own = stores.remembered(caller.storeId());
    return own == null ? null : storeBuckets(caller, client, own);
  }

  /**
   * The buckets of a caller whose limits need no store lookup (anonymous, or the platform admin),
   * or null for a store's key.
   */
  private List<Bucket> fixedBuckets(Caller caller, String client, boolean webhook) {
    Duration window = config.window();
    if (caller == null) {
      // Anonymous callers are limited by address: shoppers' lookups by token or order and email,
      // key guessing, and carriers' signed pushes, which come from a few addresses in bursts.
      return List.of(
          webhook
              ? new Bucket("webhook-ip", client, config.webhooksPerIp(), window)
              : new Bucket("ip", client, config.perIp(), window));
    }
    if (caller.isPlatformAdmin()) {
      return List.of(new Bucket("key", "admin", config.perKey(), window));
    }
    return null;
  }

  private Uni<List<Bucket>> bucketsFor(Caller caller, String client, boolean webhook) {
    List<Bucket> fixed = fixedBuckets(caller, client, webhook);
    if (fixed != null) {
      return Uni.createFrom().item(fixed);
    }
    return stores
        .of(caller.storeId())
        .onFailure()
        .recoverWithNull()
        .map(own -> storeBuckets(caller, client, own));
  }

  private List<Bucket> storeBuckets(Caller caller, String client, Limits own) {
    Duration w = own != null && own.window() != null ? own.window() : config.window();
    int perKey = own != null && own.perKey() != null ? own.perKey() : config.perKey();
    Bucket key = new Bucket("key", caller.keyId().toString(), perKey, w);
    // A keyed caller is usually a storefront's or merchant's server, whose address is shared by
    // all its traffic: only a store that asks for an address limit gets one, and it counts only
    // its own keys' requests, so it never throttles another store.
    if (own == null || own.perIp() == null) {
      return List.of(key);
    }
    return List.of(key, new Bucket("store-ip", caller.storeId() + "|" + client, own.perIp(), w));
  }

  static Response tooMany(Outcome outcome, String path) {
    Problem problem =
        Problem.of(
            429,
            "rate-limited",
            "Too many requests",
            "Rate limit reached; retry after " + outcome.retryAfterSeconds() + " s",
            path,
            null,
            Map.of("retryAfter", outcome.retryAfterSeconds()));
    return Response.status(429)
        .type(Problem.MEDIA_TYPE)
        .entity(problem)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(outcome.retryAfterSeconds()))
        .header(POLICY_HEADER, policies(outcome))
        .header(STATE_HEADER, states(outcome))
        .build();
  }

  /** E.g. {@code "key";q=600;w=60, "ip";q=1200;w=60}. */
  static String policies(Outcome outcome) {
    StringBuilder sb = new StringBuilder();
    for (State s : outcome.states()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append('"')
          .append(s.bucket().policy())
          .append("\";q=")
          .append(s.bucket().capacity())
          .append(";w=")
          .append(Math.max(1, s.bucket().window().toSeconds()));
    }
    return sb.toString();
  }

  /** E.g. {@code "key";r=599;t=1, "ip";r=1199;t=1}. */
  static String states(Outcome outcome) {
    StringBuilder sb = new StringBuilder();
    for (State s : outcome.states()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append('"')
          .append(s.bucket().policy())
          .append("\";r=")
          .append(s.remaining())
          .append(";t=")
          .append(s.resetSeconds());
    }
    return sb.toString();
  }
}
