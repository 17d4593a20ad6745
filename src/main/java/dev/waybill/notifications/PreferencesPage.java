package dev.waybill.notifications;

import dev.waybill.platform.security.HtmlPage;
import dev.waybill.stores.Theme;
import dev.waybill.tracking.StatusTexts;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The shopper's notification settings, reached from the signed link in every message. A GET only
 * shows the page (link scanners must not unsubscribe anyone); a POST changes the setting, and a
 * POST to {@code /unsubscribe} is the RFC 8058 one-click target of {@code List-Unsubscribe}.
 */
@Path("/n")
@Tag(name = "Pages")
// The page's link is the shopper's key to their settings: no Referer may carry it anywhere.
@HtmlPage(referrer = "no-referrer")
public class PreferencesPage {

  @CheckedTemplate(basePath = "notifications")
  static class Templates {
    static native TemplateInstance manage(Page page);
  }

  /** What the page shows. */
  public record Page(
      String lang,
      String title,
      String intro,
      String storeName,
      Theme theme,
      String token,
      boolean valid,
      boolean done,
      List<Row> rows,
      String invalid,
      String doneText) {}

  /** One channel: its state and the button that flips it. */
  public record Row(String label, String state, String action, String button) {}

  private final PreferenceLinks links;
  private final Contexts contexts;
  private final OptOuts optOuts;
  private final MessageTexts texts;

  public PreferencesPage(
      PreferenceLinks links, Contexts contexts, OptOuts optOuts, MessageTexts texts) {
    this.links = links;
    this.contexts = contexts;
    this.optOuts = optOuts;
    this.texts = texts;
  }

  @GET
  @Path("/{token}")
  @Produces(MediaType.TEXT_HTML)
  @Operation(summary = "The shopper's notification settings page")
  public Uni<Response> page(
      @PathParam("token") String token,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    return render(token, false, acceptLanguage);
  }

  @GET
  @Path("/{token}/unsubscribe")
  @Produces(MediaType.TEXT_HTML)
  @Operation(summary = "Shows the settings page; unsubscribing needs a POST")
  public Uni<Response> unsubscribePage(
      @PathParam("token") String token,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    return render(token, false, acceptLanguage);
  }

  @POST
  @Path("/{token}/unsubscribe")
  @Produces(MediaType.TEXT_HTML)
  @Operation(
      summary = "Unsubscribe (one-click, RFC 8058)",
      description = "channel=EMAIL, SMS or ALL (the default). Repeating it changes nothing.")
  public Uni<Response> unsubscribe(
      @PathParam("token") String token,
      @QueryParam("channel") String channel,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    return change(token, channel, true, acceptLanguage);
  }

  @POST
  @Path("/{token}/resubscribe")
  @Produces(MediaType.TEXT_HTML)
  @Operation(summary = "Turn a channel back on")
  public Uni<Response> resubscribe(
      @PathParam("token") String token,
      @QueryParam("channel") String channel,
      @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    return change(token, channel, false, acceptLanguage);
  }

  private Uni<Response> change(String token, String channel, boolean stop, String acceptLanguage) {
    Optional<UUID> order = links.verify(token);
    if (order.isEmpty()) {
      return Uni.createFrom().item(invalid(404, acceptLanguage));
    }
    List<Channel> channels = channels(channel);
    return contexts
        .orders(List.of(order.get()))
        .chain(
            found -> {
              MessageContext c = found.get(order.get());
              if (c == null) {
                return Uni.createFrom().item(invalid(404, acceptLanguage));
              }
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (Channel ch : channels) {
                String address = ch == Channel.EMAIL ? c.email() : c.phone();
                if (address == null) {
                  continue;
                }
                chain =
                    chain.call(
                        () ->
                            stop
                                ? optOuts.optOut(c.storeId(), ch, address, c.orderId())
                                : optOuts.optIn(c.storeId(), ch, address));
              }
              return chain.chain(() -> render(token, true, acceptLanguage));
            });
  }

  /** In the order's language, else the browser's, else the store's. */
  private Uni<Response> render(String token, boolean done, String acceptLanguage) {
    Optional<UUID> order = links.verify(token);
    if (order.isEmpty()) {
      return Uni.createFrom().item(invalid(404, acceptLanguage));
    }
    return contexts
        .orders(List.of(order.get()))
        .chain(
            found -> {
              MessageContext c = found.get(order.get());
              if (c == null) {
                return Uni.createFrom().item(invalid(404, acceptLanguage));
              }
              String preferred = StatusTexts.preferred(acceptLanguage);
              String lang =
                  c.locale() != null
                      ? StatusTexts.language(c.locale())
                      : preferred != null
                          ? preferred
                          : StatusTexts.language(c.store().defaultLocale());
              Uni<Boolean> emailOff = optOuts.isOptedOut(c.storeId(), Channel.EMAIL, c.email());
              Uni<Boolean> smsOff =
                  c.phone() == null
                      ? Uni.createFrom().item(true)
                      : optOuts.isOptedOut(c.storeId(), Channel.SMS, c.phone());
              return emailOff.chain(
                  eOff ->
                      smsOff.map(
                          sOff -> {
                            List<Row> rows = new java.util.ArrayList<>();
                            rows.add(row(lang, "page.email", !eOff, Channel.EMAIL));
                            if (c.phone() != null && c.notifySms()) {
                              rows.add(row(lang, "page.sms", !sOff, Channel.SMS));
                            }
                            Page page =
                                new Page(
                                    lang,
                                    texts.text(lang, "page.title"),
                                    texts
                                        .text(lang, "page.intro")
                                        .replace("{store}", c.store().name()),
                                    c.store().name(),
                                    Theme.of(c.store().primaryColor(), c.store().accentColor()),
                                    token,
                                    true,
                                    done,
                                    rows,
                                    null,
                                    texts.text(lang, "page.done"));
                            return html(200, Templates.manage(page).render());
                          }));
            });
  }

  private Row row(String lang, String labelKey, boolean on, Channel channel) {
    return new Row(
        texts.text(lang, labelKey),
        texts.text(lang, on ? "page.on" : "page.off"),
        (on ? "unsubscribe" : "resubscribe") + "?channel=" + channel.name(),
        texts.text(lang, on ? "page.stop" : "page.resume"));
  }

  /** A link that leads nowhere: in the browser's language, as there is no order to ask. */
  private Response invalid(int status, String acceptLanguage) {
    String lang = StatusTexts.language(StatusTexts.preferred(acceptLanguage));
    Page page =
        new Page(
            lang,
            texts.text(lang, "page.title"),
            null,
            "",
            Theme.of(null, null),
            "",
            false,
            false,
            List.of(),
            texts.text(lang, "page.invalid"),
            null);
    return html(status, Templates.manage(page).render());
  }

  private static Response html(int status, String body) {
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(body)
        .build();
  }

  private static List<Channel> channels(String channel) {
    if (channel == null || channel.isBlank() || channel.equalsIgnoreCase("ALL")) {
      return List.of(Channel.EMAIL, Channel.SMS);
    }
    try {
      return List.of(Channel.valueOf(channel.strip().toUpperCase(java.util.Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return List.of(Channel.EMAIL, Channel.SMS);
    }
  }
}
