package dev.waybill.platform.security;

import dev.waybill.platform.security.TokenBuckets.Bucket;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;

/**
 * A token bucket per client address for endpoints outside {@code /api} and {@code /webhooks} that
 * anyone can reach. The client's address and the refusal (429 problem+json with {@code Retry-After}
 * and the {@code RateLimit} fields) are those of {@link ApiRateLimitFilter}; like it, the bucket
 * fails open when Redis is unreachable.
 */
@ApplicationScoped
public class AddressLimits {

  private final TokenBuckets buckets;

  public AddressLimits(TokenBuckets buckets) {
    this.buckets = buckets;
  }

  /**
   * Takes one request from the client's bucket of this policy: null when the request may go on,
   * otherwise the 429 answer to send.
   */
  public Uni<Response> check(
      String policy, HttpServerRequest request, int capacity, Duration window) {
    String client = ClientAddress.of(request);
    return buckets
        .take(List.of(new Bucket(policy, client, capacity, window)))
        .map(
            outcome ->
                !outcome.checked() || outcome.allowed()
                    ? null
                    : ApiRateLimitFilter.tooMany(outcome, request.path()));
  }
}
