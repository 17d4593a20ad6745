package dev.waybill.support.console;

import dev.waybill.platform.security.FormRefusal;
import dev.waybill.platform.security.ProtectedForm;
import dev.waybill.platform.security.RefusedForm;
import dev.waybill.support.replies.ReplySending;
import dev.waybill.support.replies.ReplyViews.SendReply;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
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
 * A case's reply sent to the shopper by email, as the agent left it in the form; back to the case
 * afterwards. The form's submission id makes a second click or a resent form send nothing more.
 */
@Path("/console/{slug}/cases/{reference}/reply")
@Tag(name = "Console")
@Produces(MediaType.TEXT_HTML)
public class ReplyActions implements FormRefusal {

  private final ConsoleAccess access;
  private final ReplySending sending;

  public ReplyActions(ConsoleAccess access, ReplySending sending) {
    this.access = access;
    this.sending = sending;
  }

  @POST
  @ProtectedForm
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Send a case's reply to the shopper by email")
  public Uni<Response> send(
      @PathParam("slug") String slug,
      @PathParam("reference") String reference,
      @RestForm String submission,
      @RestForm String template,
      @RestForm String locale,
      @RestForm String to,
      @RestForm String subject,
      @RestForm String body) {
    SendReply reply = new SendReply(null, reference, template, locale, null, subject, body, to);
    return access
        .signature()
        .chain(
            agent ->
                access
                    .access(slug)
                    .chain(
                        store ->
                            sending.send(
                                store.id(),
                                reply,
                                agent,
                                submission == null || submission.isBlank()
                                    ? null
                                    : "console:" + submission)))
        .map(sent -> ConsoleAccess.redirect(slug, "/cases/" + reference + "?sent=1"));
  }

  /** A refused post goes back to the case, having sent nothing. */
  @Override
  public Uni<Response> refuse(RefusedForm form) {
    return Uni.createFrom()
        .item(ConsoleAccess.redirect(form.path("slug"), "/cases/" + form.path("reference")));
  }
}
