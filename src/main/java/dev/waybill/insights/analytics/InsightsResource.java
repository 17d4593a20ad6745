package dev.waybill.insights.analytics;

import dev.waybill.insights.analytics.InsightsViews.Series;
import dev.waybill.insights.analytics.InsightsViews.Summary;
import dev.waybill.platform.errors.Problem;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/insights")
@Tag(name = "Insights", description = "Delivery performance from daily rollups")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({Scope.SUPPORT, Scope.ADMIN})
@SecurityRequirement(name = "bearerKey")
@APIResponse(
    responseCode = "400",
    description = "Invalid parameter, named in errors[].field",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class InsightsResource {

  private final Analytics analytics;
  private final Satisfaction satisfaction;
  private final CurrentCaller caller;
  private final AnalyticsConfig config;

  public InsightsResource(
      Analytics analytics,
      Satisfaction satisfaction,
      CurrentCaller caller,
      AnalyticsConfig config) {
    this.analytics = analytics;
    this.satisfaction = satisfaction;
    this.caller = caller;
    this.config = config;
  }

  @GET
  @Path("/satisfaction")
  @Operation(
      operationId = "getDeliverySatisfaction",
      summary = "How shoppers rated their deliveries, by carrier, service or lane",
      description =
          "Ratings (1 to 5) of the parcels delivered in the period, with the on-time rate of the"
              + " same parcels. groupBy is carrier (default), service or lane (origin to"
              + " destination country). Parcels count on the day they were delivered (UTC).")
  @APIResponse(responseCode = "200", description = "One row per group, most deliveries first")
  public Uni<Satisfaction.Report> satisfaction(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("carrier") String carrier,
      @QueryParam("service") String service,
      @QueryParam("country") String country,
      @QueryParam("region") String region,
      @Parameter(example = "carrier") @QueryParam("groupBy") String groupBy) {
    Satisfaction.Group group = Satisfaction.Group.parse(groupBy);
    InsightsQuery query =
        InsightsQuery.parse(from, to, carrier, service, country, region, null, null, config);
    return satisfaction.report(caller.storeId(), query, group);
  }

  @GET
  @Path("/satisfaction.csv")
  @Produces("text/csv;charset=utf-8")
  @Operation(
      operationId = "exportDeliverySatisfaction",
      summary = "Delivery satisfaction as a CSV file for spreadsheets")
  @APIResponse(
      responseCode = "200",
      description = "CSV with a header row",
      content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
  public Uni<jakarta.ws.rs.core.Response> satisfactionCsv(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("carrier") String carrier,
      @QueryParam("service") String service,
      @QueryParam("country") String country,
      @QueryParam("region") String region,
      @QueryParam("groupBy") String groupBy) {
    return satisfaction(from, to, carrier, service, country, region, groupBy)
        .map(Satisfaction::download);
  }

  @GET
  @Path("/summary")
  @Operation(
      operationId = "getInsightsSummary",
      summary = "Delivery performance over a period, optionally narrowed",
      description =
          "Counts, on-time rate and transit times from the daily rollups, narrowed by carrier, service and destination when asked.")
  @APIResponse(responseCode = "200", description = "The summary")
  public Uni<Summary> summary(
      @Parameter(description = "First day, ISO date (UTC); default 90 days before to")
          @QueryParam("from")
          String from,
      @Parameter(description = "Last day, inclusive; default today") @QueryParam("to") String to,
      @QueryParam("carrier") String carrier,
      @QueryParam("service") String service,
      @Parameter(description = "Destination country, ISO 3166-1 alpha-2") @QueryParam("country")
          String country,
      @Parameter(description = "Destination region or state") @QueryParam("region") String region) {
    InsightsQuery query =
        InsightsQuery.parse(from, to, carrier, service, country, region, null, null, config);
    return analytics.summary(caller.storeId(), query);
  }

  @GET
  @Path("/series")
  @Operation(
      operationId = "getInsightsSeries",
      summary = "Delivery performance grouped by period and/or lane, a page at a time",
      description =
          "groupBy is a comma-separated list of day, week, month, carrier, service, country,"
              + " region; lane stands for carrier,service,country,region. Rows are ordered by"
              + " period, then by shipments and orders (most first), then by name. A page holds"
              + " at most 'limit' rows; when more follow, nextCursor is set: pass it as 'cursor'"
              + " with the same parameters for the next page (keyset pagination: pages neither"
              + " skip nor repeat rows). The CSV export has every row in one file.")
  @APIResponse(responseCode = "200", description = "A page of rows")
  public Uni<Series> series(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("carrier") String carrier,
      @QueryParam("service") String service,
      @QueryParam("country") String country,
      @QueryParam("region") String region,
      @Parameter(example = "week,carrier") @QueryParam("groupBy") String groupBy,
      @Parameter(
              description =
                  "Most rows in a page, 1-"
                      + InsightsQuery.MAX_LIMIT
                      + "; default "
                      + InsightsQuery.DEFAULT_LIMIT)
          @QueryParam("limit")
          Integer limit,
      @Parameter(description = "The nextCursor of the previous page; omit for the first page")
          @QueryParam("cursor")
          String cursor) {
    InsightsQuery query =
        InsightsQuery.parse(
            from, to, carrier, service, country, region, orWeek(groupBy), limit, cursor, config);
    return analytics.series(caller.storeId(), query);
  }

  @GET
  @Path("/export.csv")
  @Produces("text/csv;charset=utf-8")
  @Operation(
      operationId = "exportInsights",
      summary = "The whole series as a CSV file for spreadsheets",
      description =
          "Every row, in the series' order, streamed as it is read: no limit and no cursor.")
  @APIResponse(
      responseCode = "200",
      description = "CSV with a header row",
      content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
  public Multi<String> export(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("carrier") String carrier,
      @QueryParam("service") String service,
      @QueryParam("country") String country,
      @QueryParam("region") String region,
      @QueryParam("groupBy") String groupBy) {
    InsightsQuery query =
        InsightsQuery.parse(
                from, to, carrier, service, country, region, orWeek(groupBy), null, config)
            .allRows(config.exportPageRows());
    return Csv.stream(analytics.pages(caller.storeId(), query), query);
  }

  private static String orWeek(String groupBy) {
    return groupBy == null || groupBy.isBlank() ? "week" : groupBy;
  }
}
