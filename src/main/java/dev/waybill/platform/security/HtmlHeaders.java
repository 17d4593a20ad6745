package dev.waybill.platform.security;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The security headers of every HTML page, set in one place: a Content-Security-Policy that allows
 * the page's own inline styles by hash, no MIME sniffing, a Referrer-Policy, caching and framing.
 * Pages that differ say how with {@link HtmlPage}.
 */
public class HtmlHeaders {

  static final String CSP = "Content-Security-Policy";
  static final String FRAME_OPTIONS = "X-Frame-Options";
  private static final String NOSNIFF_HEADER = "X-Content-Type-Options";
  private static final String NOSNIFF = "nosniff";
  private static final String REFERRER_POLICY = "Referrer-Policy";

  /**
   * Request property: the Content-Security-Policy of a page rendered ahead of the request (kept in
   * a cache as bytes), worked out when it was rendered, so nothing is computed from the page per
   * request.
   */
  public static final String PREPARED_POLICY = HtmlHeaders.class.getName() + ".policy";

  /** What a page declares, or the default of a private staff page. */
  record Policy(String scripts, String referrer, String cache, boolean embeddable) {

    static final Policy DEFAULT = new Policy("'none'", "same-origin", "no-store", false);

    static Policy of(HtmlPage page) {
      return page == null
          ? DEFAULT
          : new Policy(page.scripts(), page.referrer(), page.cache(), page.embeddable());
    }
  }

  private final Instance<EmbeddingOrigins> embedding;
  private final Map<Method, Policy> policies = new ConcurrentHashMap<>();

  public HtmlHeaders(Instance<EmbeddingOrigins> embedding) {
    this.embedding = embedding;
  }

  /**
   * The headers of a private staff page that is answered below JAX-RS, where this filter does not
   * run; framing included.
   */
  public static Map<String, String> privatePage(String html) {
    Map<String, String> headers =
        headers(ContentSecurity.policy(html, Policy.DEFAULT.scripts()), Policy.DEFAULT);
    headers.put(HttpHeaders.CACHE_CONTROL, Policy.DEFAULT.cache());
    headers.put(FRAME_OPTIONS, "DENY");
    return headers;
  }

  @ServerResponseFilter
  public Uni<Void> protect(
      ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
    Object prepared = request.getProperty(PREPARED_POLICY);
    MediaType type = response.getMediaType();
    // Only rendered pages: a 304's headers would replace those of the page the browser keeps.
    if (response.getHeaders().containsKey(CSP)
        || response.getStatus() == 304
        || (prepared == null
            && (type == null
                || !type.isCompatible(MediaType.TEXT_HTML_TYPE)
                || !(response.getEntity() instanceof String)))) {
      return Uni.createFrom().voidItem();
    }
    Policy policy = policy(resource);
    MultivaluedMap<String, Object> out = response.getHeaders();
    String csp =
        prepared instanceof String known
            ? known
            : ContentSecurity.policy((String) response.getEntity(), policy.scripts());
    out.putSingle(CSP, csp);
    out.putSingle(NOSNIFF_HEADER, NOSNIFF);
    // Tracking links in URLs must not leak to other sites through the Referer header.
    out.putSingle(REFERRER_POLICY, policy.referrer());
    if (!policy.cache().isEmpty() && !out.containsKey(HttpHeaders.CACHE_CONTROL)) {
      out.putSingle(HttpHeaders.CACHE_CONTROL, policy.cache());
    }
    if (!policy.embeddable() || !embedding.isResolvable()) {
      out.putSingle(FRAME_OPTIONS, "DENY");
      return Uni.createFrom().voidItem();
    }
    EmbeddingOrigins framing = embedding.get();
    List<String> known = framing.known(request);
    if (known != null) {
      frame(out, known);
      return Uni.createFrom().voidItem();
    }
    return framing
        .origins(request)
        .onFailure()
        .recoverWithNull()
        .invoke(origins -> frame(out, origins))
        .replaceWithVoid();
  }

  /**
   * Without origins, {@code X-Frame-Options: DENY} says what {@code frame-ancestors 'none'} says to
   * browsers that predate CSP; with them it is left out, since it cannot name origins and would
   * contradict the policy.
   */
  private static void frame(MultivaluedMap<String, Object> out, List<String> origins) {
    if (origins == null || origins.isEmpty()) {
      out.putSingle(FRAME_OPTIONS, "DENY");
    } else {
      Object csp = out.getFirst(CSP);
      out.putSingle(CSP, ContentSecurity.frameAncestors(String.valueOf(csp), origins));
    }
  }

  private static Map<String, String> headers(String csp, Policy policy) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(CSP, csp);
    headers.put(NOSNIFF_HEADER, NOSNIFF);
    headers.put(REFERRER_POLICY, policy.referrer());
    return headers;
  }

  /** Each endpoint's declaration is read once; reflection stays off the hot path. */
  private Policy policy(ResourceInfo resource) {
    Method method = resource == null ? null : resource.getResourceMethod();
    if (method == null) {
      return Policy.DEFAULT;
    }
    return policies.computeIfAbsent(method, m -> Policy.of(declaration(resource)));
  }

  private static HtmlPage declaration(ResourceInfo resource) {
    Method method = resource == null ? null : resource.getResourceMethod();
    if (method == null) {
      return null;
    }
    HtmlPage onMethod = method.getAnnotation(HtmlPage.class);
    return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(HtmlPage.class);
  }
}
