package dev.waybill.pages;

import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.ClientAddress;
import dev.waybill.platform.security.FormGuard;
import dev.waybill.platform.security.FormRefusal;
import dev.waybill.platform.security.HtmlPage;
import dev.waybill.platform.security.ProtectedForm;
import dev.waybill.platform.security.RefusedForm;
import dev.waybill.stores.StoreProfile;
import dev.waybill.tracking.StatusTexts;
import dev.waybill.tracking.TrackingConfig;
import dev.waybill.tracking.shopper.ShopperConfig;
import dev.waybill.tracking.shopper.ShopperSignIns;
import dev.waybill.tracking.shopper.ShopperSignIns.ShopperOrder;
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
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/**
 * A shopper's orders with a store, at {@code /track/{slug}/orders}: a form asks for a sign-in
 * email, the emailed link signs in once and redirects here, and a short session in an HttpOnly
 * cookie scoped to this store's path shows the orders, newest first. Asking answers the same
 * whether or not the email has orders. Never framed, never cached, and the link's token is sent
 * nowhere as a Referer.
 */
@Path("/track/{slug}/orders")
@Tag(name = "Pages")
@Produces(MediaType.TEXT_HTML)
@HtmlPage(referrer = "no-referrer")
public class ShopperOrdersPage implements FormRefusal {

  /** The shopper's session; only ever sent to this store's orders page. */
  static final String COOKIE = "wb_shopper";

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance signin(
        Shell shell, String action, String csrf, String email, String notice, String error);

    static native TemplateInstance sent(Shell shell, String back);

    static native TemplateInstance orders(
        Shell shell, List<Row> orders, String signOut, String csrf);
  }

  /** One order as the page lists it. */
  public record Row(String orderNumber, String placed, String status, String trackingUrl) {}

  private final StorePages stores;
  private final ShopperSignIns signIns;
  private final FormGuard guard;
  private final ShopperConfig config;
  private final boolean secure;

  public ShopperOrdersPage(
      StorePages stores,
      ShopperSignIns signIns,
      FormGuard guard,
      ShopperConfig config,
      TrackingConfig tracking) {
    this.stores = stores;
    this.signIns = signIns;
    this.guard = guard;
    this.config = config;
    // Browsers keep Secure cookies from http://localhost too; elsewhere plain http would lose them.
    String base = tracking.publicBaseUrl();
    this.secure =
        base.startsWith("https://") || base.matches("http://(localhost|127\\.0\\.0\\.1)\\b.*");
  }

  @GET
  @Operation(summary = "A signed-in shopper's orders, or the form to sign in")
  public Uni<Response> page(
      @PathParam("slug") String slug,
      @QueryParam("locale") String locale,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
      @CookieParam(COOKIE) String session,
      @CookieParam(FormGuard.COOKIE) String formCookie) {
    return inStore(
        slug,
        locale,
        acceptLanguage,
        (store, shell) -> {
          return signIns
              .shopper(store.id(), session)
              .chain(
                  shopper ->
                      shopper == null
                          ? Uni.createFrom()
                              .item(form(shell, store, formCookie, 200, null, null, null))
                          : signIns
                              .orders(shopper)
                              .map(orders -> list(shell, store, orders, formCookie)));
        });
  }

  @POST
  @ProtectedForm
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Email the shopper a sign-in link to their orders")
  public Uni<Response> ask(
      @PathParam("slug") String slug,
      @QueryParam("locale") String locale,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
      @CookieParam(FormGuard.COOKIE) String formCookie,
      @RestForm String email,
      HttpServerRequest request) {
    return inStore(
        slug,
        locale,
        acceptLanguage,
        (store, shell) -> {
          String typed = email == null ? null : email.trim();
          Uni<Void> asked;
          try {
            asked =
                signIns.request(
                    store, typed, shell.labels().lang(), path(store), ClientAddress.of(request));
          } catch (Problems.Invalid e) {
            return Uni.createFrom()
                .item(
                    form(
                        shell,
                        store,
                        formCookie,
                        400,
                        typed,
                        null,
                        shell.labels().get("shopperEmailInvalid")));
          }
          return asked
              .map(ignored -> sent(shell, store))
              .onFailure(Problems.TooManyRequests.class)
              .recoverWithItem(
                  e ->
                      CommonPages.tooMany(
                          shell, path(store), ((Problems.TooManyRequests) e).retryAfterSeconds()));
        });
  }

  @GET
  @Path("/in/{link}")
  @Operation(summary = "Sign in through the emailed link, once, and go to the orders")
  public Uni<Response> signIn(
      @PathParam("slug") String slug,
      @PathParam("link") String link,
      @QueryParam("locale") String locale,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
      @CookieParam(FormGuard.COOKIE) String formCookie,
      HttpServerRequest request) {
    return inStore(
        slug,
        locale,
        acceptLanguage,
        (store, shell) -> {
          return signIns
              .useLink(store.id(), link, ClientAddress.of(request))
              .map(
                  session ->
                      // The link is spent: the address bar and history keep only the page.
                      Response.seeOther(URI.create(path(store)))
                          .cookie(
                              sessionCookie(
                                  store, session.token(), config.sessionTtl().toSeconds()))
                          .header(HttpHeaders.CACHE_CONTROL, "no-store")
                          .build())
              .onFailure(Problems.TooManyRequests.class)
              .recoverWithItem(
                  e ->
                      CommonPages.tooMany(
                          shell, path(store), ((Problems.TooManyRequests) e).retryAfterSeconds()))
              .onFailure(Problems.Unauthorized.class)
              .recoverWithItem(
                  () ->
                      form(
                          shell,
                          store,
                          formCookie,
                          404,
                          null,
                          shell.labels().get("shopperLinkFailed"),
                          null));
        });
  }

  @POST
  @Path("/sign-out")
  @ProtectedForm
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "End the shopper's session")
  public Uni<Response> signOut(
      @PathParam("slug") String slug, @CookieParam(COOKIE) String session) {
    return stores
        .bySlug(slug)
        .chain(
            store ->
                store == null
                    ? Uni.createFrom().item(Response.seeOther(URI.create("/track/" + slug)).build())
                    : signIns
                        .signOut(store.id(), session)
                        .map(
                            ignored ->
                                Response.seeOther(URI.create(path(store)))
                                    .cookie(sessionCookie(store, "", 0))
                                    .build()));
  }

  /**
   * A forged post gets the form again; a bot that filled the hidden field hears what everyone
   * hears, and no email is sent.
   */
  @Override
  public Uni<Response> refuse(RefusedForm form) {
    String locale = form.query("locale");
    String acceptLanguage = form.header(HttpHeaders.ACCEPT_LANGUAGE);
    return stores
        .bySlug(form.path("slug"))
        .map(
            store -> {
              if (store == null) {
                return noStore(locale, acceptLanguage);
              }
              Shell shell = stores.shell(store, locale, acceptLanguage);
              if (form.reason() == RefusedForm.Reason.TRAPPED) {
                return sent(shell, store);
              }
              return form(
                  shell,
                  store,
                  form.cookie(),
                  403,
                  form.field("email"),
                  shell.labels().get("formExpired"),
                  null);
            });
  }

  /** Runs the page in the store's frame, or answers the no-store page. */
  private Uni<Response> inStore(
      String slug,
      String locale,
      String acceptLanguage,
      java.util.function.BiFunction<StoreProfile, Shell, Uni<Response>> page) {
    return stores
        .bySlug(slug)
        .chain(
            store ->
                store == null
                    ? Uni.createFrom().item(noStore(locale, acceptLanguage))
                    : page.apply(store, stores.shell(store, locale, acceptLanguage)));
  }

  private Response form(
      Shell shell,
      StoreProfile store,
      String formCookie,
      int status,
      String email,
      String notice,
      String error) {
    FormGuard.Issued issued = guard.issue(formCookie);
    return Html.form(
        status,
        Templates.signin(shell, path(store), issued.field(), email, notice, error).render(),
        issued.cookie());
  }

  private static Response sent(Shell shell, StoreProfile store) {
    return Html.page(200, Templates.sent(shell, path(store)).render()).build();
  }

  private Response list(
      Shell shell, StoreProfile store, List<ShopperOrder> orders, String formCookie) {
    String lang = shell.labels().lang();
    List<Row> rows = new ArrayList<>(orders.size());
    for (ShopperOrder o : orders) {
      rows.add(
          new Row(
              o.orderNumber(),
              shell.labels().day(o.placedAt().atZoneSameInstant(zone(store)).toLocalDate()),
              signIns.statusText(lang, o),
              "/t/" + o.trackingToken() + "?locale=" + StatusTexts.language(lang)));
    }
    FormGuard.Issued issued = guard.issue(formCookie);
    return Html.form(
        200,
        Templates.orders(shell, rows, path(store) + "/sign-out", issued.field()).render(),
        issued.cookie());
  }

  private Response noStore(String locale, String acceptLanguage) {
    return Html.page(
            404, LookupPage.Templates.nostore(stores.plainShell(locale, acceptLanguage)).render())
        .build();
  }

  private NewCookie sessionCookie(StoreProfile store, String value, long maxAge) {
    return new NewCookie.Builder(COOKIE)
        .value(value)
        .path(path(store))
        .maxAge((int) maxAge)
        .httpOnly(true)
        .secure(secure)
        .sameSite(NewCookie.SameSite.LAX)
        .build();
  }

  private static java.time.ZoneId zone(StoreProfile store) {
    try {
      return store.timeZone() == null
          ? java.time.ZoneOffset.UTC
          : java.time.ZoneId.of(store.timeZone());
    } catch (java.time.DateTimeException e) {
      return java.time.ZoneOffset.UTC;
    }
  }

  static String path(StoreProfile store) {
    return "/track/" + store.slug() + "/orders";
  }
}
