package dev.waybill.pages;

import dev.waybill.feedback.DeliveryFeedback;
import dev.waybill.feedback.FeedbackLinks;
import dev.waybill.feedback.FeedbackSource;
import dev.waybill.feedback.Ratings;
import dev.waybill.pages.Forms.FeedbackForm;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.HtmlPage;
import dev.waybill.tracking.StatusTexts;
import dev.waybill.tracking.TrackingService;
import dev.waybill.tracking.TrackingTokens;
import dev.waybill.tracking.TrackingView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/**
 * "How was the delivery?": the rating question of a delivered parcel, asked on the tracking page
 * and by the stars of the "delivered" email.
 *
 * <p>The tracking page's question is a plain form posting here (its HTML is cached per order
 * revision, so it carries no per-visitor form token: the signed link in the address is what proves
 * the shopper, as it is for the page itself). A star in the email opens {@code /f/{link}}, which
 * only shows the question with that star chosen and a comment box: mail scanners fetch every link
 * of a message, so a GET never records a rating; the shopper's one tap on the button does, with a
 * POST. The latest rating wins, so a shopper can always come back and change it.
 */
@Path("/t/{token}/feedback")
@Tag(name = "Pages")
@Produces(MediaType.TEXT_HTML)
@HtmlPage(scripts = "'self'", embeddable = true)
public class FeedbackPage {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance page(Shell shell, FeedbackForm form);
  }

  private static final String EMAIL = "EMAIL";

  private final TrackingService tracking;
  private final TrackingTokens tokens;
  private final DeliveryFeedback feedback;
  private final FeedbackLinks links;
  private final StorePages pages;

  public FeedbackPage(
      TrackingService tracking,
      TrackingTokens tokens,
      DeliveryFeedback feedback,
      FeedbackLinks links,
      StorePages pages) {
    this.tracking = tracking;
    this.tokens = tokens;
    this.feedback = feedback;
    this.links = links;
    this.pages = pages;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Rate a delivered parcel from its tracking page or the email's star")
  public Uni<Response> rate(
      @PathParam("token") String token,
      @RestForm String shipment,
      @RestForm String rating,
      @RestForm String comment,
      @RestForm String via,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    UUID parcel = uuid(shipment);
    return withOrder(
        token,
        acceptLanguage,
        (claims, view) -> {
          Shell shell = pages.shell(view);
          Integer chosen = chosen(rating);
          if (chosen == null) {
            return Uni.createFrom()
                .item(
                    page(
                        400,
                        shell,
                        form(view, token, parcel, null, comment, via, false, true)
                            .withError(shell.labels().get("feedbackInvalid"))));
          }
          FeedbackSource source = EMAIL.equals(via) ? FeedbackSource.EMAIL : FeedbackSource.PAGE;
          return Uni.createFrom()
              .deferred(
                  () ->
                      feedback.record(
                          claims.storeId(), claims.orderNumber(), parcel, chosen, comment, source))
              .map(
                  saved ->
                      Response.seeOther(
                              URI.create("/t/" + token + "/feedback/" + parcel + "?saved=1"))
                          .header(HttpHeaders.CACHE_CONTROL, "no-store")
                          .build())
              .onFailure(Problems.Conflict.class)
              .recoverWithItem(() -> notYet(shell, view, token, parcel))
              .onFailure(Problems.Invalid.class)
              .recoverWithItem(
                  () ->
                      page(
                          400,
                          shell,
                          form(view, token, parcel, chosen, comment, via, false, true)
                              .withError(shell.labels().get("feedbackTooLong"))));
        });
  }

  @GET
  @Path("/{shipment}")
  @Operation(summary = "A parcel's delivery rating, to change it or add a comment")
  public Uni<Response> show(
      @PathParam("token") String token,
      @PathParam("shipment") String shipment,
      @QueryParam("saved") String saved,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    UUID parcel = uuid(shipment);
    return withOrder(
        token,
        acceptLanguage,
        (claims, view) ->
            feedback
                .current(claims.storeId(), claims.orderNumber(), parcel)
                .map(
                    current -> {
                      Shell shell = pages.shell(view);
                      if (!delivered(view, parcel)) {
                        return notYet(shell, view, token, parcel);
                      }
                      return page(
                          200,
                          shell,
                          form(
                              view,
                              token,
                              parcel,
                              current == null ? null : current.rating(),
                              current == null ? null : current.comment(),
                              null,
                              current != null && saved != null,
                              true));
                    }));
  }

  /** The page a star of the delivered email opens ({@link RatingLinkPage}). */
  Uni<Response> fromEmail(String link, String acceptLanguage) {
    FeedbackLinks.Claims star = links.verify(link).orElse(null);
    if (star == null) {
      return Uni.createFrom().item(missing(acceptLanguage));
    }
    return feedback
        .target(star.shipmentId())
        .chain(
            target -> {
              if (target == null) {
                throw new Problems.NotFound("No such parcel");
              }
              String token =
                  tokens.issue(target.storeId(), target.orderNumber(), target.tokenVersion());
              return withOrder(
                  token,
                  acceptLanguage,
                  (claims, view) ->
                      feedback
                          .current(claims.storeId(), claims.orderNumber(), star.shipmentId())
                          .map(
                              current -> {
                                Shell shell = pages.shell(view);
                                if (!delivered(view, star.shipmentId())) {
                                  return notYet(shell, view, token, star.shipmentId());
                                }
                                return page(
                                    200,
                                    shell,
                                    form(
                                        view,
                                        token,
                                        star.shipmentId(),
                                        star.rating(),
                                        current == null ? null : current.comment(),
                                        EMAIL,
                                        false,
                                        true));
                              }));
            })
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(() -> missing(acceptLanguage));
  }

  /** Runs against the link's order; a bad, revoked or unknown link gets the friendly 404 page. */
  private Uni<Response> withOrder(
      String token,
      String acceptLanguage,
      java.util.function.BiFunction<TrackingTokens.Claims, TrackingView, Uni<Response>> work) {
    return Uni.createFrom()
        .deferred(
            () -> {
              TrackingTokens.Claims claims =
                  tokens
                      .verify(token)
                      .orElseThrow(() -> new Problems.NotFound("No such tracking link"));
              return tracking
                  .byToken(token, null, StatusTexts.preferred(acceptLanguage), false)
                  .chain(lookup -> work.apply(claims, tracking.view(lookup)));
            })
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(() -> missing(acceptLanguage));
  }

  private Response notYet(Shell shell, TrackingView view, String token, UUID parcel) {
    FeedbackForm form =
        form(view, token, parcel, null, null, null, false, false)
            .withNotice(shell.labels().get("feedbackNotYet"));
    return page(409, shell, form);
  }

  private static FeedbackForm form(
      TrackingView view,
      String token,
      UUID parcel,
      Integer selected,
      String comment,
      String via,
      boolean saved,
      boolean open) {
    String label = null;
    if (view.shipments().size() > 1) {
      for (TrackingView.Parcel p : view.shipments()) {
        if (p.id().equals(parcel)) {
          label = p.carrierName() + " " + p.trackingNumber();
        }
      }
    }
    return new FeedbackForm(
        token,
        view.orderNumber(),
        label,
        parcel.toString(),
        selected,
        comment,
        EMAIL.equals(via) ? EMAIL : null,
        saved ? "feedbackSave" : "feedbackSend",
        saved,
        open,
        null,
        null);
  }

  private static boolean delivered(TrackingView view, UUID parcel) {
    for (TrackingView.Parcel p : view.shipments()) {
      if (p.id().equals(parcel)) {
        return p.status() == dev.waybill.shipping.TrackingStatus.DELIVERED;
      }
    }
    throw new Problems.NotFound("No such parcel in this order");
  }

  private static Integer chosen(String rating) {
    try {
      return Ratings.parse(rating);
    } catch (Problems.Invalid e) {
      return null;
    }
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id == null ? "" : id);
    } catch (IllegalArgumentException e) {
      // Not a parcel of any order: answered like one of another order, inside withOrder.
      return new UUID(0, 0);
    }
  }

  private static Response page(int status, Shell shell, FeedbackForm form) {
    return Html.page(status, Templates.page(shell, form).render())
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }

  private Response missing(String acceptLanguage) {
    return Html.page(
            404, TrackingPage.Templates.missing(pages.plainShell(null, acceptLanguage)).render())
        .build();
  }
}
