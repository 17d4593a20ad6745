package dev.waybill.carriers.sim;

import dev.waybill.carriers.spi.WebhookSignatures;
import dev.waybill.carriers.spi.WebhookSource;
import dev.waybill.platform.config.ProductionSecrets;
import dev.waybill.platform.config.ProductionSecrets.Finding;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The simulated carrier's pushes, signed the Standard Webhooks way: {@code webhook-id}, {@code
 * webhook-timestamp} and {@code webhook-signature} ({@code v1,<base64 HMAC-SHA256 of
 * id.timestamp.body>}).
 */
@ApplicationScoped
public class SimWebhooks implements WebhookSource {

  static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final SimConfig config;

  public SimWebhooks(SimConfig config) {
    this.config = config;
  }

  /**
   * A production pod with the simulated carrier on must not take pushes signed with the published
   * default secret: anyone could forge scans, and so shoppers' emails, for its shipments.
   */
  void checkSecret(@Observes @Priority(1) StartupEvent event) {
    if (ProductionSecrets.enforced()) {
      ProductionSecrets.refuseToStart(findings(config));
    }
  }

  static List<Finding> findings(SimConfig config) {
    if (!config.enabled()) {
      return List.of();
    }
    return ProductionSecrets.weakness(config.webhookSecret(), ProductionSecrets.MIN_LENGTH)
        .map(
            reason ->
                List.of(
                    new Finding(
                        "waybill.carriers.sim.webhook-secret",
                        reason
                            + ", and the simulated carrier is on (waybill.carriers.sim.enabled)")))
        .orElse(List.of());
  }

  @Override
  public String name() {
    return SimAdapter.CODE;
  }

  /** Pushes are taken only while the simulated carrier is on and has a secret. */
  @Override
  public boolean enabled() {
    return config.enabled() && !config.webhookSecret().isBlank();
  }

  @Override
  public String verify(Map<String, String> headers, byte[] body, Instant now) {
    String id = headers.get("webhook-id");
    String timestamp = headers.get("webhook-timestamp");
    String signatures = headers.get("webhook-signature");
    if (id == null || timestamp == null || signatures == null) {
      throw new WebhookRejected(401, "missing webhook-id, webhook-timestamp or webhook-signature");
    }
    long sent;
    try {
      sent = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw new WebhookRejected(401, "webhook-timestamp is not a number");
    }
    if (Math.abs(now.getEpochSecond() - sent) > TOLERANCE.toSeconds()) {
      throw new WebhookRejected(401, "webhook-timestamp is outside the tolerance");
    }
    String expected = "v1," + sign(config.webhookSecret(), id, sent, body);
    for (String candidate : signatures.trim().split(" ")) {
      if (WebhookSignatures.equal(expected, candidate)) {
        return id;
      }
    }
    throw new WebhookRejected(401, "no valid signature");
  }

  @Override
  public List<PushedUpdate> parse(String body) {
    try {
      JsonObject push = new JsonObject(body);
      if (!"tracking.updated".equals(push.getString("type"))) {
        return List.of();
      }
      return List.of(
          new PushedUpdate(SimAdapter.CODE, SimMapper.result(push.getJsonObject("data"))));
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("unreadable sim push: " + e.getMessage(), e);
    }
  }

  /** The signature part after {@code v1,}. */
  static String sign(String secret, String id, long timestamp, byte[] body) {
    byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, content, 0, prefix.length);
    System.arraycopy(body, 0, content, prefix.length, body.length);
    return Base64.getEncoder().encodeToString(WebhookSignatures.hmacSha256(secret, content));
  }
}
