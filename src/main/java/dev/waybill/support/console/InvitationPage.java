package dev.waybill.support.console;

import dev.waybill.platform.security.FormGuard;
import dev.waybill.platform.security.FormRefusal;
import dev.waybill.platform.security.ProtectedForm;
import dev.waybill.platform.security.RefusedForm;
import dev.waybill.support.agents.Invitations;
import dev.waybill.support.agents.Invitations.Invited;
import dev.waybill.support.agents.Invitations.Refused;
import dev.waybill.support.agents.Invitations.State;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Where an invitation link leads, without a session: a new person sets their password, a person
 * with a console account confirms with its password, and either joins the store. An expired, used
 * or withdrawn link gets a page that says so.
 */
@Path(Invitations.PATH + "{token}")
@Tag(name = "Console")
@Produces(MediaType.TEXT_HTML)
public class InvitationPage implements FormRefusal {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance invitation(
        Invited invited, String action, String csrf, String error);

    static native TemplateInstance closed(String outcome, String storeName);
  }

  private final Invitations invitations;
  private final FormGuard guard;

  public InvitationPage(Invitations invitations, FormGuard guard) {
    this.invitations = invitations;
    this.guard = guard;
  }

  @GET
  @Operation(
      operationId = "consoleInvitation",
      summary = "An invitation to a store's console: set a password or confirm, and join")
  public Uni<Response> show(
      @PathParam("token") String token, @CookieParam(FormGuard.COOKIE) String cookie) {
    return page(token, cookie, null, 200);
  }

  @POST
  @ProtectedForm
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(
      operationId = "consoleAcceptInvitation",
      summary = "Accept an invitation to a store's console")
  public Uni<Response> accept(
      @PathParam("token") String token,
      @CookieParam(FormGuard.COOKIE) String cookie,
      @RestForm String password,
      @RestForm String confirmation) {
    return invitations
        .accept(token, password, confirmation)
        .map(store -> ConsoleAccess.html(200, Templates.closed("joined", store).render(), null))
        .onFailure(Refused.class)
        .recoverWithUni(
            e -> {
              Refused refused = (Refused) e;
              return refused.state() == State.OPEN
                  ? page(token, cookie, refused.getMessage(), 400)
                  : Uni.createFrom().item(closed(refused.state(), 410));
            });
  }

  /** A forged or stale post changes nothing: the form again, with a fresh token. */
  @Override
  public Uni<Response> refuse(RefusedForm form) {
    return page(
        form.path("token"),
        form.cookie(),
        "This form had expired or was sent from another site. Please try again.",
        400);
  }

  private Uni<Response> page(String token, String cookie, String error, int status) {
    return invitations
        .lookup(token)
        .map(
            invited -> {
              if (invited.state() != State.OPEN) {
                return closed(invited.state(), invited.state() == State.INVALID ? 404 : 410);
              }
              FormGuard.Issued issued = guard.issue(cookie);
              return ConsoleAccess.html(
                  status,
                  Templates.invitation(invited, Invitations.PATH + token, issued.field(), error)
                      .render(),
                  issued.cookie());
            })
        .onFailure(Refused.class)
        .recoverWithItem(e -> closed(((Refused) e).state(), 404));
  }

  private static Response closed(State state, int status) {
    String outcome =
        switch (state) {
          case EXPIRED -> "expired";
          case USED -> "used";
          default -> "invalid";
        };
    return ConsoleAccess.html(status, Templates.closed(outcome, null).render(), null);
  }
}
