package dev.waybill.support.helpdesk;

import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.support.helpdesk.CaseStories.CaseStory;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A case's story in a help desk's sidebar: compact, flat, and in plain words. */
@Path("/api/v1/support/cases/{reference}/story")
@Tag(name = "Support")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({Scope.SUPPORT, Scope.ADMIN})
@SecurityRequirement(name = "bearerKey")
public class CaseStoryResource {

  private final CaseStories stories;
  private final CurrentCaller caller;

  public CaseStoryResource(CaseStories stories, CurrentCaller caller) {
    this.stories = stories;
    this.caller = caller;
  }

  @GET
  @Operation(
      operationId = "getSupportCaseStory",
      summary = "Read a case's order story, compact, for a help desk's sidebar",
      description =
          "The order's status in plain words, each parcel with its carrier, link, delivery window"
              + " and latest events, the shopper's message and the case's console link. The"
              + " reference is the ticket's external_id. See docs/helpdesk.md.")
  @APIResponse(responseCode = "200", description = "The story")
  @APIResponse(responseCode = "404", description = "No such case in this store")
  public Uni<CaseStory> get(@PathParam("reference") String reference) {
    return stories.of(caller.storeId(), reference);
  }
}
