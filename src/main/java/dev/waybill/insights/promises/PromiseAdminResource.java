package dev.waybill.insights.promises;

import dev.waybill.insights.promises.PromiseViews.ImportResult;
import dev.waybill.insights.promises.PromiseViews.Rebuild;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin/promises")
@Tag(name = "Admin")
@SecurityRequirement(name = "bearerKey")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class PromiseAdminResource {

  private final PromiseService promises;
  private final CurrentCaller caller;

  public PromiseAdminResource(PromiseService promises, CurrentCaller caller) {
    this.promises = promises;
    this.caller = caller;
  }

  @POST
  @Path("/history")
  @Consumes({"text/csv", MediaType.TEXT_PLAIN})
  @Operation(
      operationId = "importDeliveryHistory",
      summary = "Import past deliveries from CSV",
      description =
          "Columns (header row, any order): carrier, service, origin_postal_code,"
              + " origin_country, origin_region, destination_postal_code, destination_country,"
              + " destination_region, order_placed_at, shipped_at, delivered_at,"
              + " published_min_days, published_max_days, external_id. Timestamps are ISO-8601"
              + " with offset. Bad rows are reported by line number and skipped; importing the"
              + " same rows again adds nothing. The rollups are brought up to date afterwards.")
  @APIResponse(responseCode = "200", description = "What was imported and rejected")
  @APIResponse(responseCode = "400", description = "No header, or required columns missing")
  public Uni<ImportResult> importHistory(String csv) {
    return promises.importCsv(caller.storeId(), csv == null ? "" : csv);
  }

  @POST
  @Path("/rebuild")
  @Operation(
      operationId = "rebuildPromises",
      summary = "Fold new deliveries into the promise model now",
      description = "Incremental: only deliveries not yet counted are read.")
  public Uni<Rebuild> rebuild() {
    return promises.rebuild(caller.storeId());
  }
}
