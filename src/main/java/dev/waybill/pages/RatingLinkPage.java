package dev.waybill.pages;

import dev.waybill.platform.security.HtmlPage;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where a star of the "delivered" email leads: the delivery question with that star chosen. It
 * records nothing by itself (see {@link FeedbackPage}).
 */
@Path("/f/{link}")
@Tag(name = "Pages")
@Produces(MediaType.TEXT_HTML)
@HtmlPage(scripts = "'self'", embeddable = true)
public class RatingLinkPage {

  private final FeedbackPage feedback;

  public RatingLinkPage(FeedbackPage feedback) {
    this.feedback = feedback;
  }

  @GET
  @Operation(
      summary = "The page a star of the delivered email opens: the rating chosen, not yet sent")
  public Uni<Response> page(
      @PathParam("link") String link,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    return feedback.fromEmail(link, acceptLanguage);
  }
}
