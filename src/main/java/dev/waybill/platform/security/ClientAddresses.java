package dev.waybill.platform.security;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The address a request came from, as the API rate limits see it: the connection's peer, or behind
 * {@code waybill.rate-limit.trusted-proxies} proxies the entry they appended to {@code
 * X-Forwarded-For}. For limits that sit below JAX-RS, on the router.
 */
@ApplicationScoped
public class ClientAddresses {

  private final SecurityConfig config;

  public ClientAddresses(SecurityConfig config) {
    this.config = config;
  }

  public String of(HttpServerRequest request) {
    return ApiRateLimitFilter.clientAddress(
        request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
        request.getHeader("X-Forwarded-For"),
        config.rateLimit().trustedProxies());
  }
}
