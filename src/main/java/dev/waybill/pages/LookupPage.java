package dev.waybill.pages;

import dev.waybill.pages.Forms.LookupForm;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.ClientAddress;
import dev.waybill.platform.security.FormGuard;
import dev.waybill.platform.security.FormRefusal;
import dev.waybill.platform.security.HtmlPage;
import dev.waybill.platform.security.ProtectedForm;
import dev.waybill.platform.security.RefusedForm;
import dev.waybill.stores.StoreProfile;
import dev.waybill.tracking.StatusTexts;
import dev.waybill.tracking.TrackingService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The store's lookup form: order number plus email or postal code. Served at {@code /track/{slug}},
 * and at {@code /track} on the store's own tracking domain. A failed lookup never tells whether the
 * order exists.
 */
@Path("/track")
@Tag(name = "Pages")
@Produces(MediaType.TEXT_HTML)
@HtmlPage(scripts = "'self'", embeddable = true)
public class LookupPage implements FormRefusal {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance form(Shell shell, LookupForm form);

    static native TemplateInstance nostore(Shell shell);
  }

  private final StorePages stores;
  private final TrackingService tracking;
  private final FormGuard guard;

  public LookupPage(StorePages stores, TrackingService tracking, FormGuard guard) {
    this.stores = stores;
    this.tracking = tracking;
    this.guard = guard;
  }

  @GET
  @Operation(summary = "The lookup form of the store serving this host name")
  public Uni<Response> formForHost(
      @HeaderParam(HttpHeaders.HOST) String host,
      @QueryParam("locale") String locale,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
      @CookieParam(FormGuard.COOKIE) String cookie) {
    return stores
        .byHost(host)
        .map(store -> show(store, "/track", new Language(locale, acceptLanguage), cookie));
  }

  @GET
  @Path("/{slug}")
  @Operation(summary = "A store's lookup form")
  public Uni<Response> form(
      @PathParam("slug") String slug,
      @QueryParam("locale") String locale,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
      @CookieParam(FormGuard.COOKIE) String cookie) {
    return stores
        .bySlug(slug)
        .map(store -> show(store, "/track/" + slug, new Language(locale, acceptLanguage), cookie));
  }

  @POST
  @ProtectedForm
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Look an order up from the form of the store serving this host name")
  public Uni<Response> lookUpForHost(
      @HeaderParam(HttpHeaders.HOST) String host,
      @QueryParam("locale") String locale,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
      @CookieParam(FormGuard.COOKIE) String cookie,
      @RestForm String orderNumber,
      @RestForm String contact,
      HttpServerRequest request) {
    return stores
        .byHost(host)
        .chain(
            store ->
                lookUp(
                    store,
                    "/track",
                    new Language(locale, acceptLanguage),
                    new Submitted(cookie, orderNumber, contact),
                    request));
  }

  @POST
  @Path("/{slug}")
  @ProtectedForm
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Look an order up from a store's form")
  public Uni<Response> lookUp(
      @PathParam("slug") String slug,
      @QueryParam("locale") String locale,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
      @CookieParam(FormGuard.COOKIE) String cookie,
      @RestForm String orderNumber,
      @RestForm String contact,
      HttpServerRequest request) {
    return stores
        .bySlug(slug)
        .chain(
            store ->
                lookUp(
                    store,
                    "/track/" + slug,
                    new Language(locale, acceptLanguage),
                    new Submitted(cookie, orderNumber, contact),
                    request));
  }

  /**
   * A forged post gets the form again with a fresh token; a bot that filled the hidden field hears
   * what a failed lookup hears, once the fields are complete.
   */
  @Override
  public Uni<Response> refuse(RefusedForm form) {
    String slug = form.path("slug");
    Language language =
        new Language(form.query("locale"), form.header(HttpHeaders.ACCEPT_LANGUAGE));
    Uni<StoreProfile> store =
        slug == null ? stores.byHost(form.header(HttpHeaders.HOST)) : stores.bySlug(slug);
    return store.chain(
        found -> {
          if (found == null) {
            return Uni.createFrom().item(noStore(language));
          }
          Shell shell = stores.shell(found, language.locale(), language.acceptLanguage());
          Labels labels = shell.labels();
          FormGuard.Issued issued = guard.issue(form.cookie());
          String action = slug == null ? "/track" : "/track/" + slug;
          String number = trim(form.field("orderNumber"));
          String contact = trim(form.field("contact"));
          if (form.reason() == RefusedForm.Reason.FORGED) {
            return again(
                found,
                shell,
                issued,
                action,
                number,
                contact,
                403,
                labels.get("formExpired"),
                Map.of());
          }
          Map<String, String> errors = errors(number, contact, labels);
          return errors.isEmpty()
              ? again(
                  found,
                  shell,
                  issued,
                  action,
                  number,
                  contact,
                  404,
                  labels.get("lookupFailed"),
                  errors)
              : again(found, shell, issued, action, number, contact, 400, null, errors);
        });
  }

  private record Submitted(String cookie, String orderNumber, String contact) {}

  /** The language asked for in the address, and the browser's {@code Accept-Language}. */
  private record Language(String locale, String acceptLanguage) {}

  private Response show(StoreProfile store, String action, Language language, String cookie) {
    if (store == null) {
      return noStore(language);
    }
    Shell shell = stores.shell(store, language.locale(), language.acceptLanguage());
    FormGuard.Issued issued = guard.issue(cookie);
    return Html.form(
        200,
        Templates.form(
                shell,
                new LookupForm(
                    action,
                    issued.field(),
                    null,
                    null,
                    null,
                    Map.of(),
                    ShopperOrdersPage.path(store)))
            .render(),
        issued.cookie());
  }

  private Uni<Response> lookUp(
      StoreProfile store,
      String action,
      Language language,
      Submitted in,
      HttpServerRequest request) {
    if (store == null) {
      return Uni.createFrom().item(noStore(language));
    }
    Shell shell = stores.shell(store, language.locale(), language.acceptLanguage());
    Labels labels = shell.labels();
    FormGuard.Issued issued = guard.issue(in.cookie());
    String number = trim(in.orderNumber());
    String contact = trim(in.contact());
    Map<String, String> errors = errors(number, contact, labels);
    if (!errors.isEmpty()) {
      return again(store, shell, issued, action, number, contact, 400, null, errors);
    }
    boolean email = contact.contains("@");
    return tracking
        .byOrderNumber(
            store.id(),
            number,
            email ? contact : null,
            email ? null : contact,
            null,
            false,
            ClientAddress.of(request))
        .map(
            lookup ->
                Response.seeOther(
                        URI.create(
                            "/t/"
                                + tracking.view(lookup).token()
                                + (blank(language.locale())
                                    ? ""
                                    : "?locale=" + StatusTexts.language(language.locale()))))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .build())
        .onFailure(Problems.TooManyRequests.class)
        .recoverWithItem(
            e ->
                CommonPages.tooMany(
                    shell, action, ((Problems.TooManyRequests) e).retryAfterSeconds()))
        .onFailure(Problems.NotFound.class)
        .recoverWithUni(
            () ->
                again(
                    store,
                    shell,
                    issued,
                    action,
                    number,
                    contact,
                    404,
                    labels.get("lookupFailed"),
                    Map.of()));
  }

  private static Map<String, String> errors(String number, String contact, Labels labels) {
    Map<String, String> errors = new LinkedHashMap<>();
    if (number == null) {
      errors.put("orderNumber", labels.get("required"));
    }
    if (contact == null) {
      errors.put("contact", labels.get("required"));
    }
    return errors;
  }

  private Uni<Response> again(
      StoreProfile store,
      Shell shell,
      FormGuard.Issued issued,
      String action,
      String number,
      String contact,
      int status,
      String notice,
      Map<String, String> errors) {
    return Uni.createFrom()
        .item(
            Html.form(
                status,
                Templates.form(
                        shell,
                        new LookupForm(
                            action,
                            issued.field(),
                            number,
                            contact,
                            notice,
                            errors,
                            ShopperOrdersPage.path(store)))
                    .render(),
                issued.cookie()));
  }

  private Response noStore(Language language) {
    return Html.page(
            404,
            Templates.nostore(stores.plainShell(language.locale(), language.acceptLanguage()))
                .render())
        .build();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String trim(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
