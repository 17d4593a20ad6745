package dev.waybill.support.console;

import dev.waybill.platform.errors.FieldError;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.FormGuard;
import dev.waybill.platform.security.FormRefusal;
import dev.waybill.platform.security.ProtectedForm;
import dev.waybill.platform.security.RefusedForm;
import dev.waybill.support.console.ConsoleViews.Frame;
import dev.waybill.support.replies.ReplyDefaults;
import dev.waybill.support.replies.ReplyTemplate;
import dev.waybill.support.replies.ReplyTemplates;
import dev.waybill.support.replies.ReplyViews.Preview;
import dev.waybill.support.replies.ReplyViews.TemplateList;
import dev.waybill.support.replies.ReplyViews.TemplateText;
import dev.waybill.support.replies.ReplyViews.TemplateView;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The store's reply wording, for its admins: every template in every language, and an editor that
 * fills a wording with a real order before it is saved. A wording that can't be filled comes back
 * with the line and the reason, and the text as typed, so nothing is lost.
 */
@Path("/console/{slug}/replies")
@Tag(name = "Console")
@Produces(MediaType.TEXT_HTML)
public class ReplyTemplatesPage implements FormRefusal {

  /** The editor's state: what is being edited, as typed, and what became of the last action. */
  public record Editor(
      String template,
      String locale,
      String subject,
      String body,
      boolean customised,
      String previewOrderNumber,
      Preview preview,
      List<FieldError> errors,
      String notice) {}

  /** One template's row of the list: its wording in each language. */
  public record Row(String template, List<TemplateView> languages) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance replies(
        Frame frame, List<String> locales, List<Row> rows, Editor editor);
  }

  private final ConsoleAccess access;
  private final ReplyTemplates templates;

  public ReplyTemplatesPage(ConsoleAccess access, ReplyTemplates templates) {
    this.access = access;
    this.templates = templates;
  }

  @GET
  @Operation(summary = "The store's reply templates, for its admins")
  public Uni<Response> replies(
      @PathParam("slug") String slug,
      @QueryParam("template") String template,
      @QueryParam("locale") String locale,
      @QueryParam("done") String done,
      @CookieParam(FormGuard.COOKIE) String cookie) {
    ReplyTemplate t = chosen(template);
    String lang = language(locale);
    return access.page(
        slug,
        cookie,
        true,
        frame ->
            templates
                .get(frame.store().id(), t, lang)
                .chain(view -> render(frame, editor(view, null, null, List.of(), notice(done)))));
  }

  @POST
  @ProtectedForm
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Preview, save or reset a reply template")
  public Uni<Response> edit(
      @PathParam("slug") String slug,
      @CookieParam(FormGuard.COOKIE) String cookie,
      @RestForm String template,
      @RestForm String locale,
      @RestForm String subject,
      @RestForm String body,
      @RestForm String previewOrderNumber,
      @RestForm String action) {
    ReplyTemplate t = chosen(template);
    String lang = language(locale);
    TemplateText text =
        new TemplateText(
            subject == null ? "" : subject,
            body == null ? "" : body,
            previewOrderNumber == null || previewOrderNumber.isBlank()
                ? null
                : previewOrderNumber.strip());
    if ("reset".equals(action) || "save".equals(action)) {
      return access
          .admin(slug)
          .chain(
              store ->
                  "reset".equals(action)
                      ? templates.reset(store.id(), t, lang).replaceWith("reset")
                      : access
                          .signature()
                          .chain(who -> templates.save(store.id(), t, lang, checked(text), who))
                          .replaceWith("saved"))
          .map(done -> back(slug, t, lang, done))
          .onFailure(Problems.Invalid.class)
          .recoverWithUni(
              e ->
                  again(slug, cookie, t, lang, text, null, ((Problems.Invalid) e).errors())
                      .map(r -> Response.fromResponse(r).status(400).build()))
          .onFailure(Problems.Forbidden.class)
          .recoverWithUni(e -> again(slug, cookie, t, lang, text, null, List.of()));
    }
    return access
        .admin(slug)
        .chain(store -> templates.preview(store.id(), t, lang, checked(text)))
        .chain(preview -> again(slug, cookie, t, lang, text, preview, List.of()))
        .onFailure(Problems.Invalid.class)
        .recoverWithUni(
            e ->
                again(slug, cookie, t, lang, text, null, ((Problems.Invalid) e).errors())
                    .map(r -> Response.fromResponse(r).status(400).build()))
        .onFailure(Problems.Forbidden.class)
        .recoverWithUni(e -> again(slug, cookie, t, lang, text, null, List.of()));
  }

  /** A refused post goes back to the editor, having changed nothing. */
  @Override
  public Uni<Response> refuse(RefusedForm form) {
    return Uni.createFrom().item(ConsoleAccess.redirect(form.path("slug"), "/replies"));
  }

  /** The editor again, with the text as typed; the page answers 403 to an agent who isn't admin. */
  private Uni<Response> again(
      String slug,
      String cookie,
      ReplyTemplate t,
      String lang,
      TemplateText text,
      Preview preview,
      List<FieldError> errors) {
    return access.page(
        slug,
        cookie,
        true,
        frame ->
            templates
                .get(frame.store().id(), t, lang)
                .chain(
                    saved ->
                        render(
                            frame,
                            new Editor(
                                t.id(),
                                lang,
                                text.subject(),
                                text.body(),
                                saved.customised(),
                                text.previewOrderNumber(),
                                preview,
                                errors,
                                null))));
  }

  private Uni<String> render(Frame frame, Editor editor) {
    return templates
        .list(frame.store().id())
        .map(all -> Templates.replies(frame, all.locales(), rows(all), editor).render());
  }

  private static List<Row> rows(TemplateList all) {
    java.util.Map<String, List<TemplateView>> by = new java.util.LinkedHashMap<>();
    for (TemplateView v : all.items()) {
      by.computeIfAbsent(v.template(), k -> new java.util.ArrayList<>()).add(v);
    }
    return by.entrySet().stream().map(e -> new Row(e.getKey(), e.getValue())).toList();
  }

  private static Editor editor(
      TemplateView view, String order, Preview preview, List<FieldError> errors, String notice) {
    return new Editor(
        view.template(),
        view.locale(),
        view.subject(),
        view.body(),
        view.customised(),
        order,
        preview,
        errors,
        notice);
  }

  /** Blank fields are named like the API names them, rather than failing on an empty template. */
  private static TemplateText checked(TemplateText text) {
    List<FieldError> errors = new java.util.ArrayList<>();
    if (text.subject().isBlank()) {
      errors.add(new FieldError("subject", "write a subject"));
    }
    if (text.body().isBlank()) {
      errors.add(new FieldError("body", "write a message"));
    }
    if (!errors.isEmpty()) {
      throw new Problems.Invalid(errors);
    }
    return text;
  }

  private static Response back(String slug, ReplyTemplate t, String lang, String done) {
    return ConsoleAccess.redirect(
        slug, "/replies?template=" + t.id() + "&locale=" + lang + "&done=" + done);
  }

  private static String notice(String done) {
    if ("saved".equals(done)) {
      return "Saved. Replies use this wording from now on.";
    }
    return "reset".equals(done) ? "Back to the default wording." : null;
  }

  private static ReplyTemplate chosen(String template) {
    return template == null || template.isBlank()
        ? ReplyTemplate.values()[0]
        : ReplyTemplate.of("template", template);
  }

  private static String language(String locale) {
    return locale == null || locale.isBlank()
        ? ReplyDefaults.LANGUAGES.get(0)
        : ReplyDefaults.supported("locale", locale);
  }
}
