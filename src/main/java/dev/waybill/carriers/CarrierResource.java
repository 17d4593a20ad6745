package dev.waybill.carriers;

import dev.waybill.carriers.CarrierCatalogue.Mode;
import dev.waybill.carriers.spi.CarrierAdapter;
import dev.waybill.carriers.spi.WebhookSource;
import dev.waybill.platform.security.Caller;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The carriers a store can ship with, and how Waybill follows each of them for the store. */
@Path("/api/v1/carriers")
@Tag(name = "Carriers", description = "The carrier catalogue: names, links and tracking modes")
@SecurityRequirement(name = "bearerKey")
@RequiresScope({Scope.TRACKING_READ, Scope.ORDERS_WRITE, Scope.SUPPORT, Scope.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class CarrierResource {

  /** A carrier as stores see it. */
  public record CarrierView(
      @Schema(example = "royal-mail", description = "The code to send as a shipment's carrier")
          String code,
      @Schema(example = "Royal Mail", description = "The name shoppers see") String name,
      @Schema(
              example = "[\"GB\"]",
              description = "Where the carrier mostly delivers (ISO 3166-1 alpha-2)")
          List<String> countries,
      @Schema(
              example =
                  "https://www.royalmail.com/track-your-item#/tracking-results/{trackingNumber}",
              description =
                  "The carrier's public tracking page; {trackingNumber} stands for the number,"
                      + " URL-encoded")
          String trackingUrl,
      @Schema(
              example = "[\"direct\", \"push\"]",
              description =
                  "How Waybill follows this carrier's parcels for the calling store now: direct"
                      + " (Waybill polls the carrier), aggregator (Waybill registers numbers with"
                      + " an aggregator account), push (updates pushed by an aggregator or the"
                      + " carrier). Empty: the carrier's name and link are shown, but nothing"
                      + " updates its parcels.")
          List<String> modes) {}

  private final CarrierDirectory directory;
  private final CarrierRegistry registry;
  private final Instance<WebhookSource> sources;
  private final AggregatorAccounts accounts;
  private final CurrentCaller caller;

  public CarrierResource(
      CarrierDirectory directory,
      CarrierRegistry registry,
      Instance<WebhookSource> sources,
      AggregatorAccounts accounts,
      CurrentCaller caller) {
    this.directory = directory;
    this.registry = registry;
    this.sources = sources;
    this.accounts = accounts;
    this.caller = caller;
  }

  @GET
  @Operation(
      operationId = "listCarrierCatalogue",
      summary = "Every carrier a shipment can name, with its link and tracking modes",
      description =
          "Any key of the store. The carriers of Waybill's catalogue (and any other carrier"
              + " Waybill polls), in a fixed order, with the modes through which Waybill follows"
              + " each for the calling store. A shipment may name any of these codes; one with"
              + " no mode is shown with its name and link and not polled.")
  @APIResponse(
      responseCode = "200",
      description = "The carriers",
      content =
          @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = CarrierView.class)))
  @APIResponse(responseCode = "401", description = "Missing, unknown or revoked key")
  public Uni<List<CarrierView>> carriers() {
    Caller who = caller.get();
    Uni<Boolean> aggregator =
        who.isPlatformAdmin() ? Uni.createFrom().item(false) : accounts.any(who.storeId());
    return aggregator.map(this::carriers);
  }

  private List<CarrierView> carriers(boolean aggregatorAccount) {
    Set<String> pushing = new TreeSet<>();
    boolean aggregatorPushes = false;
    for (WebhookSource s : sources) {
      if (!s.enabled()) {
        continue;
      }
      if (directory.find(s.name()).isPresent()) {
        pushing.add(s.name());
      } else {
        // EasyPost and AfterShip push for trackers the merchant made there, for any carrier.
        aggregatorPushes = true;
      }
    }
    List<CarrierView> out = new ArrayList<>();
    Set<String> listed = new TreeSet<>();
    for (CarrierCatalogue.Entry e : directory.catalogue().entries()) {
      listed.add(e.code());
      List<String> modes = new ArrayList<>();
      if (e.modes().contains(Mode.DIRECT) && polled(e.code())) {
        modes.add(Mode.DIRECT.id());
      }
      if (e.modes().contains(Mode.PUSH) && (aggregatorPushes || pushing.contains(e.code()))) {
        modes.add(Mode.PUSH.id());
      }
      if (e.modes().contains(Mode.AGGREGATOR) && aggregatorAccount && !polled(e.code())) {
        modes.add(Mode.AGGREGATOR.id());
      }
      out.add(new CarrierView(e.code(), e.name(), e.countries(), e.trackingUrl(), modes));
    }
    for (String code : directory.codes()) {
      if (listed.contains(code)) {
        continue;
      }
      CarrierInfo info = directory.info(code);
      List<String> modes = new ArrayList<>();
      if (polled(code)) {
        modes.add(Mode.DIRECT.id());
      }
      if (pushing.contains(code)) {
        modes.add(Mode.PUSH.id());
      }
      out.add(new CarrierView(code, info.name(), List.of(), info.trackingUrlTemplate(), modes));
    }
    return out;
  }

  private boolean polled(String code) {
    return registry.adapter(code).filter(CarrierAdapter::enabled).isPresent();
  }
}
