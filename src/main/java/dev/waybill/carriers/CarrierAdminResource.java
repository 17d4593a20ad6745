package dev.waybill.carriers;

import dev.waybill.carriers.UnknownCodes.UnknownCode;
import dev.waybill.carriers.spi.CarrierAdapter;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators' view of the carrier network. Platform admin only: carriers are shared. */
@Path("/api/v1/admin/carriers")
@Tag(name = "Admin")
@SecurityRequirement(name = "bearerKey")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class CarrierAdminResource {

  /**
   * A carrier, whether it is polled, and its circuit; for a carrier with a daily call budget, the
   * budget and the calls left today ({@code -1} when they can't be counted now).
   */
  public record CarrierStatus(
      String code,
      String name,
      boolean enabled,
      String circuit,
      int batchSize,
      double requestsPerSecond,
      int maxConcurrency,
      boolean pushesWebhooks,
      Integer dailyCallBudget,
      Long callsRemainingToday) {}

  private final CarrierRegistry registry;
  private final UnknownCodes unknownCodes;
  private final CurrentCaller caller;
  private final CallBudget budgets;

  public CarrierAdminResource(
      CarrierRegistry registry,
      UnknownCodes unknownCodes,
      CurrentCaller caller,
      CallBudget budgets) {
    this.registry = registry;
    this.unknownCodes = unknownCodes;
    this.caller = caller;
    this.budgets = budgets;
  }

  @GET
  @Operation(
      operationId = "listCarriers",
      summary = "Carriers, whether they are configured, and their circuit breakers",
      description =
          "Platform admin token only: every carrier adapter, its limits, the state of its circuit"
              + " breaker, and for a carrier with a daily call budget the calls left today.")
  public Uni<List<CarrierStatus>> carriers() {
    requirePlatformAdmin();
    List<Uni<CarrierStatus>> out = new ArrayList<>();
    registry
        .circuits()
        .forEach(
            (code, circuit) ->
                registry.adapter(code).ifPresent(a -> out.add(status(code, circuit, a))));
    return out.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(out).andFailFast();
  }

  private Uni<CarrierStatus> status(String code, String circuit, CarrierAdapter a) {
    OptionalInt budget = a.dailyCallBudget();
    Uni<Long> remaining =
        budget.isPresent()
            ? budgets.remaining(code, budget.getAsInt())
            : Uni.createFrom().nullItem();
    return remaining.map(
        left ->
            new CarrierStatus(
                code,
                a.capabilities().displayName(),
                a.enabled(),
                circuit,
                a.capabilities().batchSize(),
                a.capabilities().requestsPerSecond(),
                a.capabilities().maxConcurrency(),
                a.capabilities().pushesWebhooks(),
                budget.isPresent() ? budget.getAsInt() : null,
                left));
  }

  @GET
  @Path("/unknown-codes")
  @Operation(
      operationId = "listUnknownCarrierCodes",
      summary = "Carrier status codes with no mapping yet",
      description = "With counts and an example tracking number, most frequent first.")
  public Uni<List<UnknownCode>> unknownCodes() {
    requirePlatformAdmin();
    return unknownCodes.list();
  }

  private void requirePlatformAdmin() {
    if (!caller.get().isPlatformAdmin()) {
      throw new Problems.Forbidden("Only the platform admin token may see the carrier network");
    }
  }
}
