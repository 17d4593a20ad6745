package dev.waybill.support.helpdesk;

import dev.waybill.carriers.spi.HttpFailures;
import dev.waybill.support.helpdesk.CaseStories.CaseStory;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Zendesk's and Gorgias's ticket APIs as the hand-off calls them: one ticket per support case, with
 * the case reference as its {@code external_id}. Answers are sorted into created, worth retrying
 * (5xx, 429 with its Retry-After, the network) and refused (bad credentials, other 4xx).
 */
@ApplicationScoped
public class HelpdeskClient {

  /** The account to call and how to sign in to it. */
  public record Account(
      HelpdeskKind kind, String subdomain, String email, String token, List<String> tags) {}

  /** What the help desk made of it. */
  public sealed interface Result {}

  /** The ticket exists: {@code id} in the help desk, {@code url} for an agent. */
  public record Created(String id, String url) implements Result {}

  /** Not now: try again, no sooner than {@code after} when the help desk said (else null). */
  public record Retry(String error, Duration after) implements Result {}

  /** Refused: sending it again changes nothing until the admin fixes the cause. */
  public record Refused(String error) implements Result {}

  private final WebClient web;
  private final HelpdeskConfig config;
  private final Clock clock;

  public HelpdeskClient(Vertx vertx, HelpdeskConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    long timeout = config.timeout().toMillis();
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("Waybill")
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout))
                .setIdleTimeout((int) Math.max(1, config.timeout().toSeconds())));
  }

  /** Creates the case's ticket; never fails, the outcome is the result. */
  public Uni<Result> create(Account a, CaseStory story) {
    String base = base(a);
    String url =
        a.kind() == HelpdeskKind.ZENDESK ? base + "/api/v2/tickets.json" : base + "/api/tickets";
    JsonObject body = a.kind() == HelpdeskKind.ZENDESK ? zendesk(a, story) : gorgias(a, story);
    return web.postAbs(url)
        .timeout(config.timeout().toMillis())
        .putHeader("Authorization", authorization(a))
        .putHeader("Content-Type", "application/json")
        .putHeader("Accept", "application/json")
        .sendBuffer(Buffer.buffer(body.encode()))
        .map(response -> read(a, response))
        .onFailure()
        .recoverWithItem(e -> new Retry("network: " + e.getMessage(), null));
  }

  /**
   * The ticket an earlier try created for {@code reference}, when the help desk can find tickets by
   * external id (Zendesk); null when there is none or it cannot tell.
   */
  public Uni<Created> find(Account a, String reference) {
    if (a.kind() != HelpdeskKind.ZENDESK) {
      return Uni.createFrom().nullItem();
    }
    return web.getAbs(base(a) + "/api/v2/tickets.json")
        .addQueryParam("external_id", reference)
        .timeout(config.timeout().toMillis())
        .putHeader("Authorization", authorization(a))
        .putHeader("Accept", "application/json")
        .send()
        .map(
            response -> {
              if (response.statusCode() != 200) {
                return null;
              }
              JsonArray tickets =
                  response.bodyAsJsonObject().getJsonArray("tickets", new JsonArray());
              if (tickets.isEmpty()) {
                return null;
              }
              String id = String.valueOf(tickets.getJsonObject(0).getValue("id"));
              return new Created(id, agentUrl(a, id));
            })
        .onFailure()
        .recoverWithNull();
  }

  /** Zendesk's ticket: the story as a private first comment, the shopper as requester. */
  static JsonObject zendesk(Account a, CaseStory s) {
    return new JsonObject()
        .put(
            "ticket",
            new JsonObject()
                .put("subject", s.subject())
                .put("comment", new JsonObject().put("html_body", s.html()).put("public", false))
                .put(
                    "requester",
                    new JsonObject().put("name", s.customerName()).put("email", s.contactEmail()))
                .put("external_id", s.reference())
                .put("tags", new JsonArray(tags(a))));
  }

  /** Gorgias's ticket: an incoming email from the shopper carrying the story. */
  static JsonObject gorgias(Account a, CaseStory s) {
    JsonObject shopper = new JsonObject().put("email", s.contactEmail());
    JsonArray tags = new JsonArray();
    tags(a).forEach(t -> tags.add(new JsonObject().put("name", t)));
    return new JsonObject()
        .put("channel", "email")
        .put("via", "api")
        .put("from_agent", false)
        .put("subject", s.subject())
        .put(
            "customer",
            new JsonObject().put("email", s.contactEmail()).put("name", s.customerName()))
        .put(
            "messages",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("channel", "email")
                        .put("via", "api")
                        .put("from_agent", false)
                        .put("sender", shopper)
                        .put("subject", s.subject())
                        .put("body_text", s.text())
                        .put("body_html", s.html())))
        .put("external_id", s.reference())
        .put("tags", tags);
  }

  private static List<String> tags(Account a) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>(List.of("waybill"));
    for (String t : a.tags()) {
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  Result read(Account a, HttpResponse<Buffer> response) {
    int code = response.statusCode();
    if (code == 429) {
      return new Retry(
          "HTTP 429 (rate limited)",
          HttpFailures.retryAfter(response.getHeader("Retry-After"), clock));
    }
    if (code >= 500) {
      return new Retry(
          "HTTP " + code, HttpFailures.retryAfter(response.getHeader("Retry-After"), clock));
    }
    if (code == 401 || code == 403) {
      return new Refused(
          "HTTP " + code + ": the help desk refused the email and API token; set them again");
    }
    if (code != 200 && code != 201) {
      return new Refused("HTTP " + code + ": " + snippet(response.bodyAsString()));
    }
    JsonObject body;
    try {
      body = response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      return new Retry("an answer that is not JSON", null);
    }
    JsonObject ticket =
        body == null
            ? null
            : a.kind() == HelpdeskKind.ZENDESK ? body.getJsonObject("ticket") : body;
    Object id = ticket == null ? null : ticket.getValue("id");
    if (id == null) {
      return new Retry("no ticket id in the answer", null);
    }
    return new Created(String.valueOf(id), agentUrl(a, String.valueOf(id)));
  }

  /** Where an agent opens the ticket. */
  static String agentUrl(Account a, String id) {
    return a.kind() == HelpdeskKind.ZENDESK
        ? "https://" + a.subdomain() + ".zendesk.com/agent/tickets/" + id
        : "https://" + a.subdomain() + ".gorgias.com/app/ticket/" + id;
  }

  private String base(Account a) {
    String template =
        a.kind() == HelpdeskKind.ZENDESK ? config.zendeskBaseUrl() : config.gorgiasBaseUrl();
    return template.replace("{subdomain}", a.subdomain()).replaceAll("/+$", "");
  }

  /** Zendesk signs in as {@code email/token:token}, Gorgias as {@code email:key}. */
  static String authorization(Account a) {
    String user = a.kind() == HelpdeskKind.ZENDESK ? a.email() + "/token" : a.email();
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + a.token()).getBytes(StandardCharsets.UTF_8));
  }

  private static String snippet(String body) {
    if (body == null) {
      return "";
    }
    return body.length() <= 200 ? body : body.substring(0, 200);
  }
}
