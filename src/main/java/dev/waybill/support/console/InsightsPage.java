package dev.waybill.support.console;

import dev.waybill.insights.analytics.Analytics;
import dev.waybill.insights.analytics.AnalyticsConfig;
import dev.waybill.insights.analytics.Csv;
import dev.waybill.insights.analytics.InsightsBoard;
import dev.waybill.insights.analytics.InsightsBoards;
import dev.waybill.insights.analytics.InsightsQuery;
import dev.waybill.insights.analytics.InsightsViews;
import dev.waybill.insights.analytics.Satisfaction;
import dev.waybill.platform.errors.FieldError;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.FormGuard;
import dev.waybill.support.agents.AgentSessions;
import dev.waybill.support.agents.Agents;
import dev.waybill.support.agents.ConsoleStore;
import dev.waybill.support.console.ConsoleViews.Frame;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The console's analytics page: delivery performance of one store as SVG charts with their numbers,
 * and the same figures as CSV. Every agent of the store may see it.
 */
@Path("/console/{slug}/insights")
@Tag(name = "Console")
public class InsightsPage {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance insights(Frame frame, InsightsBoard board);

    static native TemplateInstance missing();
  }

  private final CurrentIdentityAssociation identities;
  private final Agents agents;
  private final InsightsBoards boards;
  private final Analytics analytics;
  private final Satisfaction satisfaction;
  private final FormGuard guard;
  private final AnalyticsConfig config;

  public InsightsPage(
      CurrentIdentityAssociation identities,
      Agents agents,
      InsightsBoards boards,
      Analytics analytics,
      Satisfaction satisfaction,
      FormGuard guard,
      AnalyticsConfig config) {
    this.identities = identities;
    this.agents = agents;
    this.boards = boards;
    this.analytics = analytics;
    this.satisfaction = satisfaction;
    this.guard = guard;
    this.config = config;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(summary = "Delivery performance charts for a store")
  public Uni<Response> page(
      @PathParam("slug") String slug,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("carrier") String carrier,
      @QueryParam("service") String service,
      @QueryParam("country") String country,
      @QueryParam("region") String region,
      @CookieParam(FormGuard.COOKIE) String cookie) {
    return identities
        .getDeferredIdentity()
        .chain(
            identity -> {
              String agent = AgentSessions.email(identity);
              return access(agent, slug)
                  .chain(
                      store -> {
                        FormGuard.Issued issued = guard.issue(cookie);
                        Frame frame = new Frame(agent, store, issued.field());
                        InsightsQuery q;
                        try {
                          q =
                              InsightsQuery.parse(
                                  from, to, carrier, service, country, region, null, null, config);
                        } catch (Problems.Invalid e) {
                          InsightsBoard invalid =
                              new InsightsBoard(
                                  new InsightsViews.Filters(
                                      null, null, carrier, service, country, region),
                                  e.getMessage() == null ? "Invalid filter" : message(e),
                                  "",
                                  List.of(),
                                  List.of());
                          return Uni.createFrom()
                              .item(
                                  ConsoleAccess.html(
                                      400,
                                      Templates.insights(frame, invalid).render(),
                                      issued.cookie()));
                        }
                        return boards
                            .board(store.id(), q, queryString(q))
                            .map(
                                board ->
                                    ConsoleAccess.html(
                                        200,
                                        Templates.insights(frame, board).render(),
                                        issued.cookie()));
                      });
            })
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(
            () ->
                Response.status(404)
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(Templates.missing().render())
                    .build());
  }

  @GET
  @Path("/export.csv")
  @Produces("text/csv;charset=utf-8")
  @Operation(summary = "The store's delivery performance as CSV, every row, for agents")
  public Multi<String> export(
      @PathParam("slug") String slug,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("carrier") String carrier,
      @QueryParam("service") String service,
      @QueryParam("country") String country,
      @QueryParam("region") String region,
      @QueryParam("groupBy") String groupBy) {
    InsightsQuery q =
        InsightsQuery.parse(
                from,
                to,
                carrier,
                service,
                country,
                region,
                groupBy == null || groupBy.isBlank() ? "week" : groupBy,
                null,
                config)
            .allRows(config.exportPageRows());
    return Csv.stream(
        identities
            .getDeferredIdentity()
            .chain(identity -> access(AgentSessions.email(identity), slug))
            .onItem()
            .transformToMulti(store -> analytics.pages(store.id(), q)),
        q);
  }

  @GET
  @Path("/satisfaction.csv")
  @Produces("text/csv;charset=utf-8")
  @Operation(summary = "The store's delivery satisfaction as CSV, for agents")
  public Uni<Response> satisfactionCsv(
      @PathParam("slug") String slug,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("carrier") String carrier,
      @QueryParam("service") String service,
      @QueryParam("country") String country,
      @QueryParam("region") String region,
      @QueryParam("groupBy") String groupBy) {
    Satisfaction.Group group = Satisfaction.Group.parse(groupBy);
    InsightsQuery q =
        InsightsQuery.parse(from, to, carrier, service, country, region, null, null, config);
    return identities
        .getDeferredIdentity()
        .chain(identity -> access(AgentSessions.email(identity), slug))
        .chain(store -> satisfaction.report(store.id(), q, group))
        .map(Satisfaction::download);
  }

  private Uni<ConsoleStore> access(String agent, String slug) {
    return agents
        .stores(agent)
        .map(
            stores ->
                stores.stream()
                    .filter(s -> s.slug().equals(slug))
                    .findFirst()
                    .orElseThrow(() -> new Problems.NotFound("No such store")));
  }

  private static String message(Problems.Invalid e) {
    List<FieldError> errors = e.errors();
    return errors == null || errors.isEmpty()
        ? e.getMessage()
        : errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
  }

  /** The filters as a query string, for the CSV links. */
  static String queryString(InsightsQuery q) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("from", q.filters().from());
    p.put("to", q.filters().to());
    p.put("carrier", q.filters().carrier());
    p.put("service", q.filters().service());
    p.put("country", q.filters().country());
    p.put("region", q.filters().region());
    return p.entrySet().stream()
        .filter(e -> e.getValue() != null)
        .map(
            e ->
                e.getKey()
                    + "="
                    + URLEncoder.encode(e.getValue().toString(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
