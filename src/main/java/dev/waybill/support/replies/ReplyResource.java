package dev.waybill.support.replies;

import dev.waybill.notifications.NotificationViews.LogEntry;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.Caller;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.support.SupportCases;
import dev.waybill.support.replies.ReplyViews.Reply;
import dev.waybill.support.replies.ReplyViews.SendReply;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Replies to shipping questions, filled from the order's story, for agents and help desks. */
@Path("/api/v1/support/replies")
@Tag(name = "Support")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({Scope.SUPPORT, Scope.ADMIN})
@SecurityRequirement(name = "bearerKey")
@APIResponse(responseCode = "401", description = "Missing, unknown or revoked key")
@APIResponse(responseCode = "403", description = "The key lacks the support or admin scope")
public class ReplyResource {

  private final ReplyTemplates replies;
  private final ReplySending sending;
  private final SupportCases cases;
  private final CurrentCaller caller;

  public ReplyResource(
      ReplyTemplates replies, ReplySending sending, SupportCases cases, CurrentCaller caller) {
    this.replies = replies;
    this.sending = sending;
    this.cases = cases;
    this.caller = caller;
  }

  @GET
  @Operation(
      operationId = "getSupportReply",
      summary = "A reply to a shipping question, filled in from the order's story",
      description =
          "Name the order (orderNumber) or a support case (case). Without 'template', the reply"
              + " the order's state suggests (for example running-late for a delayed parcel,"
              + " delivered-not-received for a case about a delivered one). The reply is in"
              + " 'locale', else the case's or the order's language. Templates: where-is-my-order,"
              + " running-late, delivered-not-received, address-problem, returned-to-sender,"
              + " lost-parcel-claim, split-shipment.")
  @APIResponse(responseCode = "200", description = "The filled reply")
  @APIResponse(responseCode = "400", description = "Unknown template or locale, or no order named")
  @APIResponse(responseCode = "404", description = "No such order or case in this store")
  public Uni<Reply> reply(
      @Parameter(description = "The order's number", example = "1001") @QueryParam("orderNumber")
          String orderNumber,
      @Parameter(description = "A support case's reference; its order, parcel and question count")
          @QueryParam("case")
          String caseReference,
      @Parameter(description = "Which reply; by default the suggested one") @QueryParam("template")
          String template,
      @Parameter(description = "Language: en, de, fr, es, nl or it") @QueryParam("locale")
          String locale,
      @Parameter(description = "The parcel the question is about") @QueryParam("shipmentId")
          UUID shipmentId) {
    UUID storeId = caller.storeId();
    ReplyTemplate chosen =
        template == null || template.isBlank() ? null : ReplyTemplate.of("template", template);
    String lang =
        locale == null || locale.isBlank() ? null : ReplyDefaults.supported("locale", locale);
    if (caseReference != null && !caseReference.isBlank()) {
      return cases
          .get(storeId, caseReference.trim())
          .chain(
              c ->
                  replies.reply(
                      storeId,
                      c.orderNumber(),
                      chosen,
                      lang != null ? lang : c.locale(),
                      shipmentId != null ? shipmentId : c.shipmentId(),
                      c.type()));
    }
    if (orderNumber == null || orderNumber.isBlank()) {
      throw new Problems.Invalid("orderNumber", "name the order (orderNumber) or a case (case)");
    }
    return replies.reply(storeId, orderNumber.trim(), chosen, lang, shipmentId, null);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "sendSupportReply",
      summary = "Send a reply to the shopper by email",
      description =
          "Sends the agent's own subject and body as written, or else fills 'template' (by"
              + " default the suggested one) from the order's story. It goes to 'to', else the"
              + " case's address, else the order's, through the notification queue: retried,"
              + " and logged in the order's notifications as SUPPORT_REPLY. Send an"
              + " Idempotency-Key to make retries safe: the same key sends once and answers"
              + " the first message again.")
  @APIResponse(
      responseCode = "202",
      description = "Queued; the log entry says when it is sent",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = LogEntry.class)))
  @APIResponse(
      responseCode = "400",
      description = "Unknown template or locale, a subject without a body, or no order named")
  @APIResponse(responseCode = "404", description = "No such order or case in this store")
  public Uni<RestResponse<LogEntry>> send(
      @Valid @NotNull SendReply request,
      @Parameter(description = "Makes retries safe: the same key sends once")
          @HeaderParam("Idempotency-Key")
          @Size(max = 200)
          String idempotencyKey) {
    Caller who = caller.get();
    return sending
        .send(
            who.storeId(),
            request,
            who.keyId() == null ? "api" : "key " + who.keyId(),
            idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip())
        .map(entry -> RestResponse.status(RestResponse.Status.ACCEPTED, entry));
  }
}
