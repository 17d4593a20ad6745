package dev.waybill.platform.security;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;

/**
 * The sites allowed to frame an {@link HtmlPage#embeddable() embeddable} page, known to the feature
 * that owns the page (validated https origins; empty for none).
 */
public interface EmbeddingOrigins {

  Uni<List<String>> origins(ContainerRequestContext request);

  /**
   * The origins when they are known without waiting (the page's store is remembered), else null: a
   * cached page then gets its headers without an asynchronous step.
   */
  default List<String> known(ContainerRequestContext request) {
    return null;
  }
}
