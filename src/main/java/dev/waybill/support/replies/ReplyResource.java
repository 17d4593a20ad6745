package dev.waybill.support.replies;

import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.support.SupportCases;
import dev.waybill.support.replies.ReplyViews.Reply;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
  private final SupportCases cases;
  private final CurrentCaller caller;

  public ReplyResource(ReplyTemplates replies, SupportCases cases, CurrentCaller caller) {
    this.replies = replies;
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
}
