package dev.waybill.support.console;

import dev.waybill.orders.OrderFilter;
import dev.waybill.orders.OrderService;
import dev.waybill.orders.OrderViews.OrderSummary;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.FormGuard;
import dev.waybill.support.SupportCases;
import dev.waybill.support.console.ConsoleViews.Results;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The console's search: an order number, email, tracking number or case reference. A single match
 * opens its page; several are listed.
 */
@Path("/console/{slug}/search")
@Tag(name = "Console")
@Produces(MediaType.TEXT_HTML)
public class SearchPage {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance results(ConsoleViews.Frame frame, Results results);
  }

  private final ConsoleAccess access;
  private final OrderService orders;
  private final SupportCases cases;

  public SearchPage(ConsoleAccess access, OrderService orders, SupportCases cases) {
    this.access = access;
    this.orders = orders;
    this.cases = cases;
  }

  @GET
  @Operation(summary = "Find an order by number, email, tracking number or case reference")
  public Uni<Response> search(
      @PathParam("slug") String slug,
      @QueryParam("q") String query,
      @CookieParam(FormGuard.COOKIE) String cookie) {
    String q = query == null ? "" : query.trim();
    if (q.isEmpty()) {
      return Uni.createFrom().item(Response.seeOther(URI.create("/console/" + slug)).build());
    }
    return access
        .access(slug)
        .chain(
            store -> {
              if (q.toUpperCase(Locale.ROOT).matches("WB-[0-9A-Z]{6}")) {
                return cases
                    .get(store.id(), q.toUpperCase(Locale.ROOT))
                    .map(c -> ConsoleAccess.redirect(slug, "/cases/" + c.reference()))
                    .onFailure(Problems.NotFound.class)
                    .recoverWithUni(() -> results(slug, cookie, q, List.of()));
              }
              return find(store.id(), q)
                  .chain(
                      found ->
                          found.size() == 1
                              ? Uni.createFrom()
                                  .item(
                                      ConsoleAccess.redirect(
                                          slug,
                                          "/orders/"
                                              + ConsoleAccess.enc(found.get(0).orderNumber())))
                              : results(slug, cookie, q, found));
            });
  }

  private Uni<Response> results(String slug, String cookie, String q, List<OrderSummary> found) {
    return access.page(
        slug,
        cookie,
        false,
        frame -> Uni.createFrom().item(Templates.results(frame, new Results(q, found)).render()));
  }

  private Uni<List<OrderSummary>> find(UUID storeId, String q) {
    if (q.contains("@")) {
      return orders
          .list(storeId, new OrderFilter(null, q, null, null, null, null, 50))
          .map(page -> page.items());
    }
    return orders
        .get(storeId, q)
        .map(
            o ->
                List.of(
                    new OrderSummary(
                        o.id(),
                        o.orderNumber(),
                        o.customer().name(),
                        o.customer().email(),
                        o.status(),
                        o.shipments().size(),
                        o.placedAt(),
                        o.updatedAt())))
        .onFailure(Problems.NotFound.class)
        .recoverWithUni(
            () ->
                orders
                    .list(storeId, new OrderFilter(null, null, null, null, q, null, 50))
                    .map(page -> page.items()));
  }
}
