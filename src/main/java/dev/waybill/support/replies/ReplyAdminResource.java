package dev.waybill.support.replies;

import dev.waybill.platform.security.Caller;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import dev.waybill.stores.StoreDirectory;
import dev.waybill.stores.StoreProfile;
import dev.waybill.support.replies.ReplyViews.Preview;
import dev.waybill.support.replies.ReplyViews.TemplateList;
import dev.waybill.support.replies.ReplyViews.TemplateText;
import dev.waybill.support.replies.ReplyViews.TemplateView;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A store's wording of its replies to the common shipping questions. */
@Path("/api/v1/admin/stores/{slug}/reply-templates")
@Tag(name = "Admin")
@SecurityRequirement(name = "bearerKey")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing, unknown or revoked key")
@APIResponse(responseCode = "403", description = "The key lacks the admin scope")
@APIResponse(responseCode = "404", description = "No such store visible to this key")
public class ReplyAdminResource {

  private final ReplyTemplates replies;
  private final StoreDirectory stores;
  private final CurrentCaller caller;

  public ReplyAdminResource(ReplyTemplates replies, StoreDirectory stores, CurrentCaller caller) {
    this.replies = replies;
    this.stores = stores;
    this.caller = caller;
  }

  @GET
  @Operation(
      operationId = "listReplyTemplates",
      summary = "Every reply template in every language",
      description = "The store's own wording where it wrote one (customised), else the default.")
  @APIResponse(responseCode = "200", description = "The templates")
  public Uni<TemplateList> list(@PathParam("slug") String slug) {
    return store(slug).chain(s -> replies.list(s.id()));
  }

  @GET
  @Path("/{template}/{locale}")
  @Operation(operationId = "getReplyTemplate", summary = "One reply template, as written")
  @APIResponse(responseCode = "200", description = "The template")
  @APIResponse(responseCode = "400", description = "Unknown template or locale")
  public Uni<TemplateView> get(
      @PathParam("slug") String slug,
      @PathParam("template") String template,
      @PathParam("locale") String locale) {
    ReplyTemplate t = ReplyTemplate.of("template", template);
    String lang = ReplyDefaults.supported("locale", locale);
    return store(slug).chain(s -> replies.get(s.id(), t, lang));
  }

  @POST
  @Path("/{template}/{locale}/preview")
  @Operation(
      operationId = "previewReplyTemplate",
      summary = "Fill a wording with a real order, without saving it",
      description =
          "Filled with previewOrderNumber's story, else the store's newest order, else a sample."
              + " A wording that does not compile, or names something the story lacks, is a 400"
              + " whose error gives the field, the line and the reason.")
  @APIResponse(responseCode = "200", description = "The filled reply")
  @APIResponse(responseCode = "400", description = "The wording cannot be filled")
  public Uni<Preview> preview(
      @PathParam("slug") String slug,
      @PathParam("template") String template,
      @PathParam("locale") String locale,
      @Valid @NotNull TemplateText text) {
    ReplyTemplate t = ReplyTemplate.of("template", template);
    String lang = ReplyDefaults.supported("locale", locale);
    return store(slug).chain(s -> replies.preview(s.id(), t, lang, text));
  }

  @PUT
  @Path("/{template}/{locale}")
  @Operation(
      operationId = "setReplyTemplate",
      summary = "Save the store's wording of a reply",
      description =
          "Filled with a real order first (as the preview does); only a wording that fills"
              + " cleanly is saved. Saving the same wording again changes nothing.")
  @APIResponse(responseCode = "200", description = "The saved template")
  @APIResponse(responseCode = "400", description = "The wording cannot be filled")
  public Uni<TemplateView> set(
      @PathParam("slug") String slug,
      @PathParam("template") String template,
      @PathParam("locale") String locale,
      @Valid @NotNull TemplateText text) {
    ReplyTemplate t = ReplyTemplate.of("template", template);
    String lang = ReplyDefaults.supported("locale", locale);
    Caller who = caller.get();
    String author = who.isPlatformAdmin() ? "platform admin" : "key " + who.keyId();
    return store(slug).chain(s -> replies.save(s.id(), t, lang, text, author));
  }

  @DELETE
  @Path("/{template}/{locale}")
  @Operation(
      operationId = "resetReplyTemplate",
      summary = "Go back to the default wording",
      description = "Answers the default now in force.")
  @APIResponse(responseCode = "200", description = "The default template")
  public Uni<TemplateView> reset(
      @PathParam("slug") String slug,
      @PathParam("template") String template,
      @PathParam("locale") String locale) {
    ReplyTemplate t = ReplyTemplate.of("template", template);
    String lang = ReplyDefaults.supported("locale", locale);
    return store(slug).chain(s -> replies.reset(s.id(), t, lang));
  }

  private Uni<StoreProfile> store(String slug) {
    return stores.manageable(slug, caller.get());
  }
}
