package dev.waybill.pages;

import dev.waybill.pages.Forms.HelpForm;
import dev.waybill.pages.Forms.ParcelChoice;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.FormGuard;
import dev.waybill.platform.security.FormRefusal;
import dev.waybill.platform.security.HtmlPage;
import dev.waybill.platform.security.ProtectedForm;
import dev.waybill.platform.security.RateLimiter;
import dev.waybill.platform.security.RateLimiter.Limit;
import dev.waybill.platform.security.RefusedForm;
import dev.waybill.support.CaseType;
import dev.waybill.support.ContactChannel;
import dev.waybill.support.NewCase;
import dev.waybill.support.SupportCases;
import dev.waybill.tracking.StatusTexts;
import dev.waybill.tracking.TrackingService;
import dev.waybill.tracking.TrackingTokens;
import dev.waybill.tracking.TrackingView;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/**
 * "Get help with this order": a short form on the tracking page that opens a support case with the
 * order's full context, and confirms it with a reference the shopper can quote.
 */
@Path("/t/{token}/help")
@Tag(name = "Pages")
@Produces(MediaType.TEXT_HTML)
@HtmlPage(scripts = "'self'", embeddable = true)
public class HelpPage implements FormRefusal {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance form(Shell shell, HelpForm form);

    static native TemplateInstance done(Shell shell, String reference, String back);
  }

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{5,32}");
  private static final Pattern SUBMISSION = Pattern.compile("[0-9a-f-]{36}");
  private static final int MAX_MESSAGE = 2000;
  private static final List<String> TYPES =
      Arrays.stream(CaseType.values()).map(Enum::name).toList();

  private final TrackingService tracking;
  private final TrackingTokens tokens;
  private final SupportCases cases;
  private final StorePages pages;
  private final FormGuard guard;
  private final RateLimiter limiter;
  private final PagesConfig config;

  public HelpPage(
      TrackingService tracking,
      TrackingTokens tokens,
      SupportCases cases,
      StorePages pages,
      FormGuard guard,
      RateLimiter limiter,
      PagesConfig config) {
    this.tracking = tracking;
    this.tokens = tokens;
    this.cases = cases;
    this.pages = pages;
    this.guard = guard;
    this.limiter = limiter;
    this.config = config;
  }

  @GET
  @Operation(summary = "The help form for an order, reached from its tracking page")
  public Uni<Response> form(
      @PathParam("token") String token,
      @jakarta.ws.rs.QueryParam("type") String type,
      @jakarta.ws.rs.QueryParam("parcel") String parcel,
      @CookieParam(FormGuard.COOKIE) String cookie,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    return Uni.createFrom()
        .deferred(() -> tracking.byToken(token, null, StatusTexts.preferred(acceptLanguage), false))
        .map(
            lookup -> {
              TrackingView view = tracking.view(lookup);
              FormGuard.Issued issued = guard.issue(cookie);
              // A shortcut such as the delivery question's "not received" arrives with its choice.
              Typed chosen =
                  new Typed(
                      type != null && TYPES.contains(type) ? type : null,
                      parcel,
                      null,
                      "EMAIL",
                      null,
                      null);
              HelpForm form =
                  form(view, token, issued, UUID.randomUUID().toString(), chosen, null, null);
              return Html.form(
                  200, Templates.form(pages.shell(view), form).render(), issued.cookie());
            })
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(() -> missing(acceptLanguage));
  }

  @POST
  @ProtectedForm
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Open a support case from the help form")
  public Uni<Response> submit(
      @PathParam("token") String token,
      @CookieParam(FormGuard.COOKIE) String cookie,
      @RestForm String submission,
      @RestForm String type,
      @RestForm String parcel,
      @RestForm String message,
      @RestForm String channel,
      @RestForm String email,
      @RestForm String phone,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
      HttpServerRequest request) {
    Typed typed = new Typed(type, parcel, message, channel, email, phone);
    return withOrder(
        token,
        acceptLanguage,
        (claims, lookup) -> submit(claims, token, lookup, typed, cookie, submission, request));
  }

  /** A forged post gets the form again with a fresh token; a bot, a refusal that says nothing. */
  @Override
  public Uni<Response> refuse(RefusedForm form) {
    String token = form.path("token");
    Typed typed =
        new Typed(
            form.field("type"),
            form.field("parcel"),
            form.field("message"),
            form.field("channel"),
            form.field("email"),
            form.field("phone"));
    return withOrder(
        token,
        form.header(HttpHeaders.ACCEPT_LANGUAGE),
        (claims, lookup) -> {
          TrackingView view = tracking.view(lookup);
          Shell shell = pages.shell(view);
          boolean forged = form.reason() == RefusedForm.Reason.FORGED;
          return again(
              shell,
              view,
              token,
              guard.issue(form.cookie()),
              submission(form.field("submission")),
              typed,
              forged ? 403 : 400,
              shell.labels().get(forged ? "formExpired" : "notSent"),
              null);
        });
  }

  /** Runs a post against the link's order; a bad or unknown link gets the friendly 404 page. */
  private Uni<Response> withOrder(
      String token,
      String acceptLanguage,
      java.util.function.BiFunction<TrackingTokens.Claims, TrackingService.Lookup, Uni<Response>>
          work) {
    return Uni.createFrom()
        .deferred(
            () -> {
              TrackingTokens.Claims claims =
                  tokens
                      .verify(token)
                      .orElseThrow(() -> new Problems.NotFound("No such tracking link"));
              return tracking
                  .byToken(token, null, StatusTexts.preferred(acceptLanguage), true)
                  .chain(lookup -> work.apply(claims, lookup));
            })
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(() -> missing(acceptLanguage));
  }

  @GET
  @Path("/{reference}")
  @Operation(summary = "The confirmation of a request for help")
  public Uni<Response> done(
      @PathParam("token") String token,
      @PathParam("reference") String reference,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    return Uni.createFrom()
        .deferred(
            () -> {
              TrackingTokens.Claims claims =
                  tokens
                      .verify(token)
                      .orElseThrow(() -> new Problems.NotFound("No such tracking link"));
              return tracking
                  .byToken(token, null, StatusTexts.preferred(acceptLanguage), false)
                  .chain(
                      lookup ->
                          cases
                              .forOrder(claims.storeId(), claims.orderNumber(), reference)
                              .map(
                                  found -> {
                                    if (found == null) {
                                      throw new Problems.NotFound("No such case");
                                    }
                                    TrackingView view = tracking.view(lookup);
                                    return Html.page(
                                            200,
                                            Templates.done(
                                                    pages.shell(view),
                                                    found.reference(),
                                                    "/t/" + token)
                                                .render())
                                        .build();
                                  }));
            })
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(() -> missing(acceptLanguage));
  }

  /** What the shopper typed, kept to show the form again. */
  private record Typed(
      String type, String parcel, String message, String channel, String email, String phone) {}

  /** The form's submission id, which makes a post sent twice open one case. */
  private static String submission(String posted) {
    return posted != null && SUBMISSION.matcher(posted).matches()
        ? posted
        : UUID.randomUUID().toString();
  }

  private Uni<Response> submit(
      TrackingTokens.Claims claims,
      String token,
      TrackingService.Lookup lookup,
      Typed in,
      String cookie,
      String posted,
      HttpServerRequest request) {
    TrackingView view = tracking.view(lookup);
    Shell shell = pages.shell(view);
    Labels labels = shell.labels();
    FormGuard.Issued issued = guard.issue(cookie);
    String submission = submission(posted);
    Map<String, String> errors = validate(in, labels);
    if (!errors.isEmpty()) {
      return again(shell, view, token, issued, submission, in, 400, null, errors);
    }
    ContactChannel channel = ContactChannel.valueOf(in.channel());
    List<Limit> limits =
        List.of(
            new Limit(
                "help-client",
                StorePages.client(request),
                config.help().perClient(),
                config.help().window()),
            new Limit(
                "help-order",
                claims.storeId() + "|" + claims.orderNumber(),
                config.help().perOrder(),
                config.help().window()));
    return limiter
        .hit(limits)
        .chain(
            decision -> {
              if (!decision.allowed()) {
                return Uni.createFrom()
                    .item(CommonPages.tooMany(shell, "/t/" + token, decision.retryAfterSeconds()));
              }
              return cases
                  .open(
                      new NewCase(
                          claims.storeId(),
                          claims.orderNumber(),
                          parcelId(view, in.parcel()),
                          CaseType.valueOf(in.type()),
                          blank(in.message()) ? "" : in.message().trim(),
                          channel,
                          blank(in.email()) ? null : in.email().trim(),
                          blank(in.phone()) ? null : in.phone().trim(),
                          view.locale(),
                          new String(lookup.body(), java.nio.charset.StandardCharsets.UTF_8),
                          submission))
                  .map(
                      reference ->
                          Response.seeOther(URI.create("/t/" + token + "/help/" + reference))
                              .header(HttpHeaders.CACHE_CONTROL, "no-store")
                              .build());
            });
  }

  private static Map<String, String> validate(Typed in, Labels labels) {
    Map<String, String> errors = new LinkedHashMap<>();
    if (in.type() == null || !TYPES.contains(in.type())) {
      errors.put("type", labels.get("chooseType"));
    }
    if (in.message() != null && in.message().length() > MAX_MESSAGE) {
      errors.put("message", labels.get("tooLong"));
    } else if (blank(in.message()) && CaseType.OTHER.name().equals(in.type())) {
      errors.put("message", labels.get("required"));
    }
    boolean phone = "PHONE".equals(in.channel());
    if (!blank(in.email()) && !EMAIL.matcher(in.email().trim()).matches()) {
      errors.put("email", labels.get("invalidEmail"));
    } else if (!phone && blank(in.email())) {
      errors.put("email", labels.get("required"));
    }
    if (!blank(in.phone()) && !PHONE.matcher(in.phone().trim()).matches()) {
      errors.put("phone", labels.get("invalidPhone"));
    } else if (phone && blank(in.phone())) {
      errors.put("phone", labels.get("required"));
    }
    return errors;
  }

  private Uni<Response> again(
      Shell shell,
      TrackingView view,
      String token,
      FormGuard.Issued issued,
      String submission,
      Typed in,
      int status,
      String notice,
      Map<String, String> errors) {
    HelpForm form = form(view, token, issued, submission, in, notice, errors);
    return Uni.createFrom()
        .item(Html.form(status, Templates.form(shell, form).render(), issued.cookie()));
  }

  private static HelpForm form(
      TrackingView view,
      String token,
      FormGuard.Issued issued,
      String submission,
      Typed in,
      String notice,
      Map<String, String> errors) {
    List<ParcelChoice> parcels = new ArrayList<>();
    int n = 1;
    for (TrackingView.Parcel p : view.shipments()) {
      parcels.add(
          new ParcelChoice(
              p.id().toString(), n++ + " · " + p.carrierName() + " " + p.trackingNumber()));
    }
    return new HelpForm(
        "/t/" + token + "/help",
        "/t/" + token,
        view.orderNumber(),
        issued.field(),
        submission,
        TYPES,
        parcels,
        in.type(),
        in.parcel(),
        in.message(),
        "PHONE".equals(in.channel()) ? "PHONE" : "EMAIL",
        in.email(),
        in.phone(),
        notice,
        errors == null ? Map.of() : errors);
  }

  private static UUID parcelId(TrackingView view, String chosen) {
    for (TrackingView.Parcel p : view.shipments()) {
      if (p.id().toString().equals(chosen)) {
        return p.id();
      }
    }
    // One parcel: the case is about it, whether or not the form asked.
    return view.shipments().size() == 1 ? view.shipments().get(0).id() : null;
  }

  private Response missing(String acceptLanguage) {
    return Html.page(
            404, TrackingPage.Templates.missing(pages.plainShell(null, acceptLanguage)).render())
        .build();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
