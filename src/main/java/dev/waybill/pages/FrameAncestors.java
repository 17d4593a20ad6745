package dev.waybill.pages;

import dev.waybill.platform.security.EmbeddingOrigins;
import dev.waybill.stores.StoreDirectory;
import dev.waybill.stores.StoreProfile;
import dev.waybill.tracking.TrackingTokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.UUID;

/**
 * The sites a store names ({@code embedOrigins}) may show its shopper pages in a frame, say the
 * tracking page inside the store's own account area; every other site is kept out.
 */
@ApplicationScoped
public class FrameAncestors implements EmbeddingOrigins {

  /** Request property: the store of a page whose link was already verified. */
  static final String STORE = FrameAncestors.class.getName() + ".store";

  private final TrackingTokens tokens;
  private final StoreDirectory stores;
  private final StorePages pages;

  public FrameAncestors(TrackingTokens tokens, StoreDirectory stores, StorePages pages) {
    this.tokens = tokens;
    this.stores = stores;
    this.pages = pages;
  }

  @Override
  public Uni<List<String>> origins(ContainerRequestContext request) {
    return store(request).map(store -> store == null ? List.of() : store.embedOrigins());
  }

  @Override
  public List<String> known(ContainerRequestContext request) {
    if (request.getProperty(STORE) instanceof UUID storeId) {
      StoreProfile store = stores.remembered(storeId);
      return store == null ? null : store.embedOrigins();
    }
    return null;
  }

  /** The store a shopper page belongs to, from its path: a tracking token, a slug or the host. */
  private Uni<StoreProfile> store(ContainerRequestContext request) {
    if (request.getProperty(STORE) instanceof UUID storeId) {
      return stores.profile(storeId);
    }
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
