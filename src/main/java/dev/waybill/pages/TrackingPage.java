package dev.waybill.pages;

import dev.waybill.insights.analytics.PageViews;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.HtmlPage;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The shopper's tracking page, reached from every email and SMS link. Server-rendered, no
 * JavaScript needed, and served from the same cache as the JSON API.
 */
@Path("/t")
@Tag(name = "Pages")
@HtmlPage(scripts = "'self'", cache = "private, no-cache", embeddable = true)
public class TrackingPage {

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
      @HeaderParam(LIVE_HEADER) String live) {
    // Deferred, so a token refused before any I/O also ends on the friendly page.
    return Uni.createFrom()
        .deferred(
            () -> tracking.byToken(token, locale == null || locale.isBlank() ? null : locale, true))
        .map(
            lookup -> {
              // The open page's own update checks are not views; a reload is, even if 304.
              if (live == null) {
                tokens.verify(token).ifPresent(claims -> views.count(claims.storeId()));
              }
              String etag = "\"" + lookup.etag().replace("\"", "") + "-html\"";
              if (etag.equals(ifNoneMatch)) {
                return Response.notModified().header(HttpHeaders.ETAG, etag).build();
              }
              TrackingView view = tracking.view(lookup);
              String html =
                  Templates.page(view, pages.shell(view), etag, config.liveRefresh().toSeconds())
                      .render();
              return Html.page(200, html).header(HttpHeaders.ETAG, etag).build();
            })
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(
            () -> Html.page(404, Templates.missing(pages.plainShell(locale)).render()).build());
  }
}
