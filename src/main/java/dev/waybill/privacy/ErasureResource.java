package dev.waybill.privacy;

import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin/privacy/erasures")
@Tag(name = "Admin")
@SecurityRequirement(name = "bearerKey")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ErasureResource {

  private final Erasures erasures;
  private final CurrentCaller caller;

  public ErasureResource(Erasures erasures, CurrentCaller caller) {
    this.erasures = erasures;
    this.caller = caller;
  }

  @POST
  @Operation(
      operationId = "eraseShopperData",
      summary = "Erase a shopper's personal data (GDPR article 17)",
      description =
          "Finds the store's orders, support cases and messages of this email address and/or"
              + " phone number and, in one transaction, removes the shopper's name, addresses,"
              + " phone, street address, city, full postal code, message recipients and texts,"
              + " support contacts, messages and notes, carriers' raw scan data, and stored"
              + " answers to retried requests. Tracking links of those orders stop working and"
              + " cached lookups are dropped. Statuses, dates, carriers, countries, regions and"
              + " postal prefixes stay, so delivery statistics do not change. Safe to repeat: a"
              + " repeated request finds nothing left and reports zeros.")
  @APIResponse(responseCode = "200", description = "What was erased, counted per kind")
  @APIResponse(responseCode = "400", description = "Neither a valid email nor a phone number")
  public Uni<ErasureReport> erase(@Valid @NotNull ErasureRequest request) {
    return erasures.erase(caller.storeId(), request);
  }
}
