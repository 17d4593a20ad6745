package dev.waybill.support.console;

import dev.waybill.notifications.NotificationLog;
import dev.waybill.platform.security.FormRefusal;
import dev.waybill.platform.security.ProtectedForm;
import dev.waybill.platform.security.RefusedForm;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/** A message of an order's story sent to the shopper again; back to the story afterwards. */
@Path("/console/{slug}/messages/{id}/resend")
@Tag(name = "Console")
@Produces(MediaType.TEXT_HTML)
public class MessageActions implements FormRefusal {

  private final ConsoleAccess access;
  private final NotificationLog messages;

  public MessageActions(ConsoleAccess access, NotificationLog messages) {
    this.access = access;
    this.messages = messages;
  }

  @POST
  @ProtectedForm
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Send a message to the shopper again")
  public Uni<Response> resend(
      @PathParam("slug") String slug, @PathParam("id") UUID id, @RestForm String orderNumber) {
    return access
        .access(slug)
        .chain(store -> messages.resend(store.id(), id))
        .map(sent -> ConsoleAccess.redirect(slug, story(orderNumber) + "?resent=1"));
  }

  /** A refused post goes back to the order's story, having sent nothing. */
  @Override
  public Uni<Response> refuse(RefusedForm form) {
    return Uni.createFrom()
        .item(ConsoleAccess.redirect(form.path("slug"), story(form.field("orderNumber"))));
  }

  private static String story(String orderNumber) {
    return "/orders/" + ConsoleAccess.enc(orderNumber == null ? "" : orderNumber);
  }
}
