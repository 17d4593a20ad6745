package dev.waybill.pages;

import dev.waybill.insights.analytics.PageViews;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.ContentSecurity;
import dev.waybill.platform.security.HtmlHeaders;
import dev.waybill.platform.security.HtmlPage;
import dev.waybill.tracking.CachedPage;
import dev.waybill.tracking.StatusTexts;
import dev.waybill.tracking.TrackingService;
import dev.waybill.tracking.TrackingTokens;
import dev.waybill.tracking.TrackingView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;

/**
 * The shopper's tracking page, reached from every email and SMS link. Server-rendered, no
 * JavaScript needed. Its HTML is cached beside the JSON lookup it shows, per order revision and
 * language, so a cached page is served as bytes, and while Postgres is away too.
 */
@Path("/t")
@Tag(name = "Pages")
@HtmlPage(scripts = TrackingPage.SCRIPTS, cache = "private, no-cache", embeddable = true)
public class TrackingPage {

  /** The page's script sources: its own {@code live.js}. */
  static final String SCRIPTS = "'self'";

  /** Sent by {@code live.js} on its update checks. */
  static final String LIVE_HEADER = "X-Waybill-Live";

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance page(TrackingView view, Shell shell, String etag, Long live);

    static native TemplateInstance missing(Shell shell);
  }

  private final TrackingService tracking;
  private final StorePages pages;
  private final PagesConfig config;
  private final TrackingTokens tokens;
  private final PageViews views;

  public TrackingPage(
      TrackingService tracking,
      StorePages pages,
      PagesConfig config,
      TrackingTokens tokens,
      PageViews views) {
    this.tracking = tracking;
    this.pages = pages;
    this.config = config;
    this.tokens = tokens;
    this.views = views;
  }

  @GET
  @Path("/{token}")
  @Produces(MediaType.TEXT_HTML)
  @Operation(summary = "The shopper's tracking page for a signed link")
  public Uni<Response> page(
      @PathParam("token") String token,
      @QueryParam("locale") String locale,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
      @HeaderParam(LIVE_HEADER) String live,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    Optional<TrackingTokens.Claims> verified = tokens.verify(token);
    if (verified.isEmpty()) {
      return Uni.createFrom().item(missing(locale, acceptLanguage));
    }
    TrackingTokens.Claims claims = verified.get();
    // The framing rules need the page's store: known now, without verifying the link again.
    CurrentRequestManager.get().setProperty(FrameAncestors.STORE, claims.storeId());
    return tracking
        .page(
            claims,
            locale == null || locale.isBlank() ? null : locale,
            StatusTexts.preferred(acceptLanguage),
            this::render)
        .map(
            page -> {
              // The open page's own update checks are not views; a reload is, even if 304.
              if (live == null) {
                views.count(claims.storeId());
              }
              if (page.etag().equals(ifNoneMatch)) {
                return Response.notModified()
                    .header(HttpHeaders.ETAG, page.etag())
                    .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE)
                    .build();
              }
              // HtmlHeaders sets the page's headers from the policy worked out at render time.
              CurrentRequestManager.get()
                  .setProperty(HtmlHeaders.PREPARED_POLICY, page.contentSecurityPolicy());
              // An order without a language of its own is shown in the browser's.
              return Html.bytes(200, page.html())
                  .header(HttpHeaders.ETAG, page.etag())
                  .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE)
                  .build();
            })
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(() -> missing(locale, acceptLanguage));
  }

  @GET
  @Path("/{token}/orders")
  @Operation(summary = "From a tracking page to all the shopper's orders with the store")
  public Uni<Response> orders(
      @PathParam("token") String token,
      @QueryParam("locale") String locale,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    Optional<TrackingTokens.Claims> verified = tokens.verify(token);
    if (verified.isEmpty()) {
      return Uni.createFrom().item(missing(locale, acceptLanguage));
    }
    return pages
        .byId(verified.get().storeId())
        .map(
            store ->
                store == null
                    ? missing(locale, acceptLanguage)
                    : Response.seeOther(
                            URI.create(
                                ShopperOrdersPage.path(store)
                                    + (locale == null || locale.isBlank()
                                        ? ""
                                        : "?locale=" + StatusTexts.language(locale))))
                        .build());
  }

  /** Rendered once per order revision and language; the cache keeps the bytes and the policy. */
  private CachedPage render(TrackingService.Lookup lookup) {
    String etag = "\"" + lookup.etag().replace("\"", "") + "-html\"";
    TrackingView view = tracking.view(lookup);
    // A cancelled order changes no more: the open page stops checking for updates.
    long live = view.cancelledAt() != null ? 0L : config.liveRefresh().toSeconds();
    String html = Templates.page(view, pages.shell(view), etag, live).render();
    return CachedPage.of(lookup, etag, ContentSecurity.policy(html, SCRIPTS), html);
  }

  private Response missing(String locale, String acceptLanguage) {
    return Html.page(404, Templates.missing(pages.plainShell(locale, acceptLanguage)).render())
        .build();
  }
}
