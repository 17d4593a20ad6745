package dev.waybill.support.console;

import dev.waybill.notifications.NotificationLog;
import dev.waybill.notifications.NotificationViews.LogEntry;
import dev.waybill.notifications.Trigger;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.FormGuard;
import dev.waybill.platform.security.FormRefusal;
import dev.waybill.platform.security.ProtectedForm;
import dev.waybill.platform.security.RefusedForm;
import dev.waybill.support.CaseStatus;
import dev.waybill.support.SupportCases;
import dev.waybill.support.SupportRequests.UpdateCase;
import dev.waybill.support.console.ConsoleViews.CasePage;
import dev.waybill.support.console.ConsoleViews.Frame;
import dev.waybill.support.replies.ReplyTemplate;
import dev.waybill.support.replies.ReplyTemplates;
import dev.waybill.support.replies.ReplyViews.Reply;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/** A support case: its history, and the form that adds a note or changes its status. */
@Path("/console/{slug}/cases/{reference}")
@Tag(name = "Console")
@Produces(MediaType.TEXT_HTML)
public class SupportCasePage implements FormRefusal {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance supportCase(Frame frame, CasePage page);
  }

  private final ConsoleAccess access;
  private final SupportCases cases;
  private final ReplyTemplates replies;
  private final NotificationLog messages;

  public SupportCasePage(
      ConsoleAccess access, SupportCases cases, ReplyTemplates replies, NotificationLog messages) {
    this.access = access;
    this.cases = cases;
    this.replies = replies;
    this.messages = messages;
  }

  @GET
  @Operation(summary = "A support case")
  public Uni<Response> supportCase(
      @PathParam("slug") String slug,
      @PathParam("reference") String reference,
      @QueryParam("saved") String saved,
      @QueryParam("sent") String sent,
      @QueryParam("reply") String reply,
      @CookieParam(FormGuard.COOKIE) String cookie) {
    ReplyTemplate picked =
        reply == null || reply.isBlank() ? null : ReplyTemplate.of("reply", reply);
    return access.page(
        slug,
        cookie,
        false,
        frame ->
            cases
                .get(frame.store().id(), reference)
                .chain(
                    detail ->
                        replies
                            .reply(
                                frame.store().id(),
                                detail.orderNumber(),
                                picked,
                                detail.locale(),
                                detail.shipmentId(),
                                detail.type())
                            .onFailure(Problems.NotFound.class)
                            .recoverWithNull()
                            .chain(
                                filled ->
                                    repliesSent(frame.store().id(), detail.orderNumber())
                                        .map(
                                            sentSoFar ->
                                                render(
                                                    frame, detail, filled, sentSoFar, saved,
                                                    sent)))));
  }

  private static String render(
      Frame frame,
      dev.waybill.support.SupportViews.CaseDetail detail,
      Reply filled,
      List<LogEntry> sentSoFar,
      String saved,
      String sent) {
    return Templates.supportCase(
            frame,
            new CasePage(
                detail,
                Arrays.stream(CaseStatus.values()).map(Enum::name).toList(),
                notice(saved, sent),
                filled,
                Arrays.stream(ReplyTemplate.values()).map(ReplyTemplate::id).toList(),
                mailto(detail.contactEmail(), filled),
                sentSoFar))
        .render();
  }

  /** The replies sent to the shopper about this order, oldest first. */
  private Uni<List<LogEntry>> repliesSent(java.util.UUID storeId, String orderNumber) {
    return messages
        .forOrderNumber(storeId, orderNumber)
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(List.of())
        .map(
            all ->
                all.stream()
                    .filter(m -> Trigger.SUPPORT_REPLY.name().equals(m.trigger()))
                    .toList());
  }

  private static String notice(String saved, String sent) {
    if (sent != null) {
      return "Reply on its way to the shopper. The order's messages log it.";
    }
    return saved == null ? null : "Saved.";
  }

  /** A link that opens the reply in the agent's mail app, addressed to the shopper. */
  static String mailto(String email, Reply reply) {
    if (email == null || email.isBlank() || reply == null) {
      return null;
    }
    return "mailto:"
        + encode(email.trim())
        + "?subject="
        + encode(reply.subject())
        + "&body="
        + encode(reply.body());
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("%40", "@");
  }

  @POST
  @ProtectedForm
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Add a note to a case or change its status")
  public Uni<Response> updateCase(
      @PathParam("slug") String slug,
      @PathParam("reference") String reference,
      @RestForm String submission,
      @RestForm String status,
      @RestForm String note) {
    CaseStatus to;
    try {
      to = status == null || status.isBlank() ? null : CaseStatus.valueOf(status);
    } catch (IllegalArgumentException e) {
      throw new Problems.Invalid("status", "is not a case status");
    }
    String text = note == null || note.isBlank() ? null : note.trim();
    return access
        .signature()
        .chain(
            agent ->
                access
                    .access(slug)
                    .chain(
                        store ->
                            cases.update(
                                store.id(),
                                reference,
                                new UpdateCase(to, null, text, agent),
                                agent,
                                submission)))
        .map(done -> ConsoleAccess.redirect(slug, "/cases/" + reference + "?saved=1"));
  }

  /** A refused post goes back to the case, having changed nothing. */
  @Override
  public Uni<Response> refuse(RefusedForm form) {
    return Uni.createFrom()
        .item(ConsoleAccess.redirect(form.path("slug"), "/cases/" + form.path("reference")));
  }
}
