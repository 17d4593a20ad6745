package dev.waybill.pages;

import dev.waybill.platform.security.ContentSecurity;
import dev.waybill.stores.StoreDirectory;
import dev.waybill.stores.StoreProfile;
import dev.waybill.tracking.TrackingTokens;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Lets the sites a store names ({@code embedOrigins}) show its shopper pages in a frame, say the
 * tracking page inside the store's own account area, and keeps every other site out. Pages are
 * rendered with {@code frame-ancestors 'none'}; this widens it to {@code 'self'} plus the store's
 * origins. Without origins, {@code X-Frame-Options: DENY} says the same to browsers that predate
 * CSP; with them it is left out, since it cannot name origins and would contradict the policy.
 */
public class FrameAncestors {

  static final String CSP = "Content-Security-Policy";

  private final TrackingTokens tokens;
  private final StoreDirectory stores;
  private final StorePages pages;

  public FrameAncestors(TrackingTokens tokens, StoreDirectory stores, StorePages pages) {
    this.tokens = tokens;
    this.stores = stores;
    this.pages = pages;
  }

  @ServerResponseFilter
  public Uni<Void> widen(ContainerRequestContext request, ContainerResponseContext response) {
    Object policy = response.getHeaders().getFirst(CSP);
    if (!(policy instanceof String csp) || !csp.contains("frame-ancestors 'none'")) {
      return Uni.createFrom().voidItem();
    }
    return store(request)
        .onFailure()
        .recoverWithNull()
        .invoke(
            store -> {
              List<String> origins = store == null ? List.of() : store.embedOrigins();
              if (origins.isEmpty()) {
                response.getHeaders().putSingle("X-Frame-Options", "DENY");
              } else {
                response.getHeaders().putSingle(CSP, ContentSecurity.frameAncestors(csp, origins));
              }
            })
        .replaceWithVoid();
  }

  /** The store a shopper page belongs to, from its path: a tracking token, a slug or the host. */
  private Uni<StoreProfile> store(ContainerRequestContext request) {
    List<String> segments =
        request.getUriInfo().getPathSegments().stream()
            .map(s -> s.getPath())
            .filter(s -> !s.isEmpty())
            .toList();
    if (segments.size() >= 2 && segments.get(0).equals("t")) {
      return tokens
          .verify(segments.get(1))
          .map(claims -> stores.profile(claims.storeId()))
          .orElseGet(() -> Uni.createFrom().nullItem());
    }
    if (!segments.isEmpty() && segments.get(0).equals("track")) {
      return segments.size() >= 2
          ? pages.bySlug(segments.get(1))
          : pages.byHost(request.getHeaderString(HttpHeaders.HOST));
    }
    return Uni.createFrom().nullItem();
  }
}
