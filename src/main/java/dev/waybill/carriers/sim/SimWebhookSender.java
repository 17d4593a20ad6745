package dev.waybill.carriers.sim;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The simulated carrier pushing its journeys: every few seconds, each tracked number with new scans
 * is sent, signed, to the configured webhook URL (Waybill's own /webhooks/waybill-sim in dev mode).
 */
@ApplicationScoped
public class SimWebhookSender {

  private final SimCarrierServer server;
  private final SimAggregator aggregator;
  private final SimConfig config;
  private final WebClient client;

  public SimWebhookSender(
      SimCarrierServer server, SimAggregator aggregator, SimConfig config, Vertx vertx) {
    this.server = server;
    this.aggregator = aggregator;
    this.config = config;
    this.client = WebClient.create(vertx);
  }

  /**
   * The simulated aggregator's pushes: each tracker with new scans, as an EasyPost event to its
   * account's webhooks.
   */
  @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> pushAggregated() {
    if (!config.enabled() || !config.serve()) {
      return Uni.createFrom().voidItem();
    }
    return pushAggregatedNow().replaceWithVoid();
  }

  /** Sends every aggregator push due now; how many the receivers accepted. */
  Uni<Integer> pushAggregatedNow() {
    return Multi.createFrom()
        .iterable(aggregator.due())
        .onItem()
        .transformToUni(this::send)
        .merge(4)
        .collect()
        .asList()
        .map(accepted -> (int) accepted.stream().filter(Boolean::booleanValue).count());
  }

  private Uni<Boolean> send(SimAggregator.Push push) {
    return client
        .postAbs(push.url())
        .putHeader("content-type", "application/json")
        .putHeader("x-hmac-signature", push.signature())
        .sendBuffer(Buffer.buffer(push.body()))
        .map(
            r -> {
              if (r.statusCode() >= 300) {
                Log.debugf(
                    "Simulated aggregator push for %s answered %d",
                    push.trackingCode(), r.statusCode());
              }
              return r.statusCode() < 300;
            })
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.debugf("Simulated aggregator push failed: %s", e.getMessage());
              return false;
            });
  }

  @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> push() {
    if (!config.enabled() || !config.serve() || config.webhookUrl().isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    String url = config.webhookUrl().get();
    return Multi.createFrom()
        .iterable(server.unpushed())
        .onItem()
        .transformToUni(answer -> send(url, answer))
        .merge(4)
        .collect()
        .last()
        .replaceWithVoid();
  }

  private Uni<Void> send(String url, JsonObject answer) {
    byte[] body =
        new JsonObject()
            .put("type", "tracking.updated")
            .put("data", answer)
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    String id = "msg_" + UUID.randomUUID();
    long timestamp = Instant.now().getEpochSecond();
    return client
        .postAbs(url)
        .putHeader("content-type", "application/json")
        .putHeader("webhook-id", id)
        .putHeader("webhook-timestamp", Long.toString(timestamp))
        .putHeader(
            "webhook-signature",
            "v1," + SimWebhooks.sign(config.webhookSecret(), id, timestamp, body))
        .sendBuffer(Buffer.buffer(body))
        .invoke(
            r -> {
              if (r.statusCode() >= 300) {
                Log.debugf(
                    "Sim push for %s answered %d",
                    answer.getString("trackingNumber"), r.statusCode());
              }
            })
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.debugf("Sim push failed: %s", e.getMessage());
              return null;
            });
  }
}
