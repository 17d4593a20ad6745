package dev.waybill.support.console;

import dev.waybill.notifications.NotificationLog;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.FormRefusal;
import dev.waybill.platform.security.ProtectedForm;
import dev.waybill.platform.security.RefusedForm;
import dev.waybill.support.CaseStatus;
import dev.waybill.support.SupportCases;
import dev.waybill.support.SupportRequests.UpdateCase;
import dev.waybill.support.claims.ClaimReminders;
import dev.waybill.support.claims.ClaimStatus;
import dev.waybill.support.console.ConsoleViews.Notice;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/**
 * What an agent does about a watchlist entry: a note, the last message sent again, "resolved", a
 * carrier claim reminder. Every form goes back to the page it came from (the watchlist or the
 * order's story) with a line saying what happened.
 */
@Path("/console/{slug}/escalations")
@Tag(name = "Console")
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class EscalationActions implements FormRefusal {

  private static final Map<String, Notice> NOTICES =
      Map.of(
          "note", new Notice("Note added.", false),
          "note-empty", new Notice("Write a note first (up to 4000 characters).", true),
          "resent", new Notice("The last message is on its way again.", false),
          "resolved", new Notice("Marked resolved until the parcel's status changes.", false),
          "case-resolved", new Notice("The case is resolved.", false),
          "claim", new Notice("Claim reminder open.", false),
          "claim-filed", new Notice("Claim marked filed.", false),
          "claim-closed", new Notice("Claim reminder closed.", false),
          "claim-reference",
              new Notice("Enter the carrier's claim reference to mark it filed.", true),
          "claim-conflict", new Notice("That claim reminder is closed already.", true));

  private final ConsoleAccess access;
  private final Watchlist watchlist;
  private final NotificationLog messages;
  private final SupportCases cases;
  private final ClaimReminders claims;

  public EscalationActions(
      ConsoleAccess access,
      Watchlist watchlist,
      NotificationLog messages,
      SupportCases cases,
      ClaimReminders claims) {
    this.access = access;
    this.watchlist = watchlist;
    this.messages = messages;
    this.cases = cases;
    this.claims = claims;
  }

  /** A refused post goes back where it came from, having done nothing. */
  @Override
  public Uni<Response> refuse(RefusedForm form) {
    return back(form.path("slug"), form.field("back"), form.field("orderNumber"), null);
  }

  /** The line a page shows after an action, or null for none or an unknown key. */
  static Notice notice(String done) {
    return done == null ? null : NOTICES.get(done);
  }

  @POST
  @ProtectedForm
  @Path("/{shipmentId}/note")
  @Operation(summary = "Add support's note to a shipment")
  public Uni<Response> note(
      @PathParam("slug") String slug,
      @PathParam("shipmentId") UUID shipmentId,
      @RestForm String submission,
      @RestForm String note,
      @RestForm String back,
      @RestForm String orderNumber) {
    String text = note == null ? "" : note.trim();
    if (text.isEmpty() || text.length() > 4000) {
      return back(slug, back, orderNumber, "note-empty");
    }
    return access
        .signature()
        .chain(
            agent ->
                access
                    .access(slug)
                    .chain(
                        store ->
                            watchlist.note(
                                store.id(), shipmentId, agent, text, key("note", submission))))
        .chain(() -> back(slug, back, orderNumber, "note"))
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(EscalationActions::missing);
  }

  @POST
  @ProtectedForm
  @Path("/{shipmentId}/resend")
  @Operation(summary = "Send the shopper the last message about a shipment again")
  public Uni<Response> resend(
      @PathParam("slug") String slug,
      @PathParam("shipmentId") UUID shipmentId,
      @RestForm UUID messageId,
      @RestForm String submission,
      @RestForm String back,
      @RestForm String orderNumber) {
    if (messageId == null) {
      return back(slug, back, orderNumber, null);
    }
    return access
        .signature()
        .chain(
            agent ->
                access
                    .access(slug)
                    .chain(
                        store ->
                            messages
                                .resend(store.id(), messageId)
                                .chain(
                                    sent ->
                                        watchlist.note(
                                            store.id(),
                                            shipmentId,
                                            agent,
                                            "Sent the "
                                                + sent.trigger()
                                                + " "
                                                + sent.channel().toLowerCase(java.util.Locale.ROOT)
                                                + " again",
                                            key("resend", submission)))))
        .chain(() -> back(slug, back, orderNumber, "resent"))
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(EscalationActions::missing);
  }

  @POST
  @ProtectedForm
  @Path("/{shipmentId}/resolve")
  @Operation(
      summary = "Mark a watchlist entry resolved",
      description =
          "A shipment stays off the watchlist until its status changes; a 'delivered but not"
              + " received' entry resolves its support case.")
  public Uni<Response> resolve(
      @PathParam("slug") String slug,
      @PathParam("shipmentId") UUID shipmentId,
      @RestForm Long sequence,
      @RestForm String caseReference,
      @RestForm String back,
      @RestForm String orderNumber) {
    boolean isCase = caseReference != null && !caseReference.isBlank();
    if (!isCase && sequence == null) {
      return back(slug, back, orderNumber, null);
    }
    return access
        .signature()
        .chain(
            agent ->
                access
                    .access(slug)
                    .chain(
                        store ->
                            isCase
                                ? cases
                                    .update(
                                        store.id(),
                                        caseReference.trim(),
                                        new UpdateCase(
                                            CaseStatus.RESOLVED,
                                            null,
                                            "Resolved from the watchlist",
                                            agent),
                                        agent,
                                        "watch-resolve-" + caseReference.trim())
                                    .replaceWithVoid()
                                : watchlist.resolve(store.id(), shipmentId, sequence, agent)))
        .chain(() -> back(slug, back, orderNumber, isCase ? "case-resolved" : "resolved"))
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(EscalationActions::missing);
  }

  @POST
  @ProtectedForm
  @Path("/{shipmentId}/claim")
  @Operation(summary = "Open a reminder to file a claim with the shipment's carrier")
  public Uni<Response> openClaim(
      @PathParam("slug") String slug,
      @PathParam("shipmentId") UUID shipmentId,
      @RestForm String reason,
      @RestForm String caseReference,
      @RestForm String back,
      @RestForm String orderNumber) {
    String why = reason(reason, caseReference);
    return access
        .signature()
        .chain(
            agent ->
                access
                    .access(slug)
                    .chain(store -> claims.open(store.id(), shipmentId, why, null, agent)))
        // The reminder is worked on the order's story, where it can be marked filed.
        .chain(() -> back(slug, "order", orderNumber, "claim"))
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(EscalationActions::missing);
  }

  @POST
  @ProtectedForm
  @Path("/claims/{id}")
  @Operation(summary = "Mark a carrier claim filed, with its reference, or close its reminder")
  public Uni<Response> updateClaim(
      @PathParam("slug") String slug,
      @PathParam("id") UUID id,
      @RestForm String status,
      @RestForm String claimReference,
      @RestForm String back,
      @RestForm String orderNumber) {
    ClaimStatus to;
    try {
      to = ClaimStatus.valueOf(status == null ? "" : status);
    } catch (IllegalArgumentException e) {
      return back(slug, back, orderNumber, null);
    }
    String ref =
        claimReference == null || claimReference.isBlank()
            ? null
            : trim(claimReference.trim(), 100);
    return access
        .access(slug)
        .chain(store -> claims.update(store.id(), id, to, ref))
        .chain(
            () ->
                back(
                    slug,
                    back,
                    orderNumber,
                    to == ClaimStatus.FILED ? "claim-filed" : "claim-closed"))
        .onFailure(Problems.Invalid.class)
        .recoverWithUni(() -> back(slug, back, orderNumber, "claim-reference"))
        .onFailure(Problems.Conflict.class)
        .recoverWithUni(() -> back(slug, back, orderNumber, "claim-conflict"))
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(EscalationActions::missing);
  }

  /** The reminder's reason: the agent's words, or what put the parcel on the watchlist. */
  private static String reason(String reason, String caseReference) {
    if (reason == null || reason.isBlank()) {
      return null;
    }
    String text =
        switch (reason.trim()) {
          case "NOT_RECEIVED" -> "Delivered but not received";
          case "RETURNED" -> "Returned to sender";
          case "PROBLEM" -> "Held up by a carrier problem";
          case "AT_RISK", "LATE", "STUCK" -> "Late, possibly lost in transit";
          default -> reason.trim();
        };
    if (caseReference != null && !caseReference.isBlank()) {
      text = text + " (case " + caseReference.trim() + ")";
    }
    return trim(text, 500);
  }

  /** Another store's shipment, message or claim looks the same as one that doesn't exist. */
  private static Response missing(Throwable e) {
    return ConsoleAccess.html(
        404, ConsolePage.Templates.missing(null, e.getMessage()).render(), null);
  }

  private static String key(String action, String submission) {
    return submission == null || submission.isBlank()
        ? null
        : action + "-" + trim(submission.trim(), 150);
  }

  private static String trim(String s, int max) {
    return s.length() > max ? s.substring(0, max) : s;
  }

  /** Back to the order's story or the watchlist; never anywhere the form names. */
  private static Uni<Response> back(String slug, String back, String orderNumber, String done) {
    String query = done == null ? "" : "?done=" + done;
    String path =
        "order".equals(back) && orderNumber != null && !orderNumber.isBlank()
            ? "/orders/" + ConsoleAccess.enc(orderNumber) + query + "#parcels"
            : query + "#watch-title";
    return Uni.createFrom().item(ConsoleAccess.redirect(slug, path));
  }
}
