package dev.waybill.notifications.sms;

import dev.waybill.notifications.NotificationsConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Sends text messages through a Twilio-compatible Messages API: {@code POST
 * {base}/2010-04-01/Accounts/{AccountSid}/Messages.json}, form-encoded, with basic authentication.
 */
@ApplicationScoped
public class SmsSender {

  /** The provider refused or failed; {@code permanent} when retrying can't help (bad number). */
  public static class SmsException extends RuntimeException {
    private final boolean permanent;

    public SmsException(String message, boolean permanent) {
      super(message);
      this.permanent = permanent;
    }

    public boolean permanent() {
      return permanent;
    }
  }

  private final WebClient client;
  private final NotificationsConfig.Sms config;

  public SmsSender(Vertx vertx, NotificationsConfig config) {
    this.client =
        WebClient.create(vertx, new WebClientOptions().setUserAgent("Waybill").setMaxPoolSize(16));
    this.config = config.sms();
  }

  @PreDestroy
  void close() {
    client.close();
  }

  /** Whether SMS credentials are configured; without them texts are not created at all. */
  public boolean configured() {
    return config.accountSid().isPresent()
        && config.authToken().isPresent()
        && (config.from().isPresent() || config.messagingServiceSid().isPresent());
  }

  /** Sends a text; the provider's message id is the result. */
  public Uni<String> send(String to, String body) {
    if (!configured()) {
      return Uni.createFrom().failure(new SmsException("SMS is not configured", true));
    }
    String sid = config.accountSid().get();
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    form.add("To", to);
    form.add("Body", body);
    if (config.messagingServiceSid().isPresent()) {
      form.add("MessagingServiceSid", config.messagingServiceSid().get());
    } else {
      form.add("From", config.from().get());
    }
    String url =
        stripSlash(config.baseUrl())
            + "/2010-04-01/Accounts/"
            + URLEncoder.encode(sid, StandardCharsets.UTF_8)
            + "/Messages.json";
    return client
        .postAbs(url)
        .basicAuthentication(sid, config.authToken().get())
        .timeout(config.timeout().toMillis())
        .sendForm(form)
        .map(
            response -> {
              int status = response.statusCode();
              if (status / 100 == 2) {
                JsonObject json = safeJson(response.bodyAsString());
                return json.getString("sid", "");
              }
              JsonObject json = safeJson(response.bodyAsString());
              String message =
                  "SMS provider answered "
                      + status
                      + (json.getValue("code") != null
                          ? " (code " + json.getValue("code") + ")"
                          : "")
                      + (json.getString("message") != null ? ": " + json.getString("message") : "");
              // A 400 is about this message (an invalid number): retrying can never help.
              throw new SmsException(message, status == 400);
            });
  }

  private static JsonObject safeJson(String body) {
    try {
      return body == null || body.isBlank() ? new JsonObject() : new JsonObject(body);
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
