package dev.waybill.notifications;

import dev.waybill.notifications.NotificationViews.LogEntry;
import dev.waybill.notifications.NotificationViews.PreferenceView;
import dev.waybill.notifications.NotificationViews.PreferencesView;
import dev.waybill.notifications.NotificationViews.Preview;
import dev.waybill.notifications.NotificationViews.PreviewRequest;
import dev.waybill.notifications.Preferences.Setting;
import dev.waybill.platform.errors.FieldError;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.CurrentCaller;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.platform.security.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/notifications")
@Tag(name = "Notifications", description = "Shopper email and SMS: preferences, previews, logs")
@SecurityRequirement(name = "bearerKey")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing, unknown or revoked key")
@APIResponse(responseCode = "403", description = "The key lacks the scope")
public class NotificationResource {

  private final Preferences preferences;
  private final Previews previews;
  private final NotificationLog log;
  private final CurrentCaller caller;

  public NotificationResource(
      Preferences preferences, Previews previews, NotificationLog log, CurrentCaller caller) {
    this.preferences = preferences;
    this.previews = previews;
    this.log = log;
    this.caller = caller;
  }

  @GET
  @Path("/preferences")
  @RequiresScope(Scope.ADMIN)
  @Operation(
      operationId = "getNotificationPreferences",
      summary = "Which triggers the store sends by email and by SMS",
      description = "Each trigger with whether it goes out by email and by SMS.")
  @APIResponse(responseCode = "200", description = "The preferences")
  public Uni<PreferencesView> preferences() {
    return preferences.of(caller.storeId()).map(NotificationResource::view);
  }

  @PUT
  @Path("/preferences")
  @RequiresScope(Scope.ADMIN)
  @Operation(
      operationId = "updateNotificationPreferences",
      summary = "Change which triggers the store sends on which channel",
      description = "Only the listed triggers change. Sending the same body again changes nothing.")
  @APIResponse(responseCode = "200", description = "Every trigger's setting after the change")
  @APIResponse(responseCode = "400", description = "Invalid fields, such as an unknown trigger")
  public Uni<PreferencesView> updatePreferences(@Valid @NotNull PreferencesView request) {
    List<Setting> settings = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < request.triggers().size(); i++) {
      PreferenceView p = request.triggers().get(i);
      try {
        Trigger t = Trigger.valueOf(p.trigger().strip());
        if (!Trigger.AUTOMATIC.contains(t)) {
          throw new IllegalArgumentException(t + " is always sent");
        }
        settings.add(new Setting(t, p.email(), p.sms()));
      } catch (IllegalArgumentException e) {
        errors.add(
            new FieldError(
                "triggers[" + i + "].trigger", "must be one of " + String.join(", ", names())));
      }
    }
    if (!errors.isEmpty()) {
      throw new Problems.Invalid(errors);
    }
    return preferences.update(caller.storeId(), settings).map(NotificationResource::view);
  }

  @POST
  @Path("/preview")
  @RequiresScope({Scope.ADMIN, Scope.ORDERS_WRITE})
  @Operation(
      operationId = "previewNotification",
      summary = "Render a message as the shopper would get it",
      description =
          "Returns the subject, HTML and text email and the SMS for any trigger, with sample data"
              + " or with a real order's (orderNumber). Nothing is sent.")
  @APIResponse(responseCode = "200", description = "The rendered message")
  @APIResponse(responseCode = "400", description = "Unknown trigger")
  @APIResponse(responseCode = "404", description = "No such order")
  public Uni<Preview> preview(@Valid @NotNull PreviewRequest request) {
    return previews.preview(caller.storeId(), request);
  }

  @GET
  @Path("/orders/{orderNumber}")
  @RequiresScope({Scope.ORDERS_WRITE, Scope.SUPPORT, Scope.ADMIN})
  @Operation(
      operationId = "listOrderNotifications",
      summary = "An order's notification log",
      description = "Every message for the order: what, when, on which channel, and the result.")
  @APIResponse(responseCode = "404", description = "No such order")
  @APIResponse(responseCode = "200", description = "The messages, oldest first")
  public Uni<List<LogEntry>> orderLog(@PathParam("orderNumber") String orderNumber) {
    return log.forOrderNumber(caller.storeId(), orderNumber);
  }

  @GET
  @Path("/dead-letters")
  @RequiresScope({Scope.ADMIN, Scope.SUPPORT})
  @Operation(
      operationId = "listDeadLetters",
      summary = "Messages that failed after every retry, newest first",
      description = "Retry one with the retry operation once the cause is fixed.")
  @APIResponse(responseCode = "200", description = "The dead messages")
  public Uni<List<LogEntry>> deadLetters(
      @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
    return log.deadLetters(caller.storeId(), limit);
  }

  @POST
  @Path("/{id}/retry")
  @RequiresScope(Scope.ADMIN)
  @Operation(
      operationId = "retryNotification",
      summary = "Queue a dead message again (for example after fixing SMTP)",
      description = "The message is sent again with a fresh set of attempts.")
  @APIResponse(responseCode = "200", description = "The message, queued again")
  @APIResponse(responseCode = "404", description = "No such message")
  public Uni<LogEntry> retry(@PathParam("id") UUID id) {
    return log.retry(caller.storeId(), id);
  }

  private static List<String> names() {
    List<String> out = new ArrayList<>();
    for (Trigger t : Trigger.AUTOMATIC) {
      out.add(t.name());
    }
    return out;
  }

  private static PreferencesView view(List<Setting> settings) {
    return new PreferencesView(
        settings.stream()
            .map(s -> new PreferenceView(s.trigger().name(), s.email(), s.sms()))
            .toList());
  }
}
