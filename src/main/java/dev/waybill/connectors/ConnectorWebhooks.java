package dev.waybill.connectors;

import dev.waybill.carriers.WebhookInbox;
import dev.waybill.carriers.WebhookWorker;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.CredentialVault;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The way in for every shop platform's webhooks: find the connection the shop names, check the
 * signature over the raw body in constant time before anything is parsed, and store the webhook in
 * the inbox before it is acknowledged. Processing happens afterwards, on worker pods.
 */
@ApplicationScoped
public class ConnectorWebhooks {

  /** What became of a verified webhook. */
  public enum Outcome {
    STORED,
    DUPLICATE
  }

  /**
   * One webhook as it arrived.
   *
   * @param kind the connector (also the inbox source)
   * @param shop what the webhook names the shop by (shop domain, site URL)
   * @param signature the sender's base64 HMAC-SHA256 of the body
   * @param secretField which sealed credential keys the signature
   * @param topic what it is about
   * @param deliveryId what repeats when the platform retries it; unique per store and topic
   */
  public record Received(
      String kind,
      String shop,
      String signature,
      String secretField,
      String topic,
      String deliveryId,
      byte[] body) {}

  private final Connections connections;
  private final WebhookInbox inbox;
  private final WebhookWorker worker;
  private final MeterRegistry metrics;

  public ConnectorWebhooks(
      Connections connections, WebhookInbox inbox, WebhookWorker worker, MeterRegistry metrics) {
    this.connections = connections;
    this.inbox = inbox;
    this.worker = worker;
    this.metrics = metrics;
  }

  /**
   * Verifies and stores a webhook.
   *
   * @throws Problems.Unauthorized (401) for an unknown shop or a signature that does not match;
   *     nothing is stored then
   */
  public Uni<Outcome> receive(Received r) {
    if (r.shop() == null || r.shop().isBlank() || r.signature() == null) {
      return Uni.createFrom().failure(rejected(r.kind(), "missing shop or signature"));
    }
    return connections
        .byExternalKey(r.kind(), r.shop())
        .chain(
            c -> {
              if (c == null) {
                throw rejected(r.kind(), "unknown shop");
              }
              String secret;
              try {
                secret = connections.secret(c, r.secretField());
              } catch (CredentialVault.Unreadable e) {
                throw rejected(r.kind(), "stored webhook secret unreadable");
              }
              if (secret == null || !signed(secret, r.body(), r.signature())) {
                throw rejected(r.kind(), "bad signature");
              }
              String id =
                  c.storeId()
                      + ":"
                      + (r.topic() == null ? "" : r.topic())
                      + ":"
                      + (r.deliveryId() == null ? hash(r.body()) : r.deliveryId());
              return inbox.store(
                  r.kind(),
                  id.substring(0, Math.min(id.length(), 200)),
                  new String(r.body(), StandardCharsets.UTF_8),
                  c.storeId(),
                  r.topic());
            })
        .map(
            stored -> {
              if (stored == null) {
                metrics
                    .counter(
                        "waybill.connectors.webhooks", "kind", r.kind(), "outcome", "duplicate")
                    .increment();
                return Outcome.DUPLICATE;
              }
              metrics
                  .counter("waybill.connectors.webhooks", "kind", r.kind(), "outcome", "stored")
                  .increment();
              worker.announce();
              return Outcome.STORED;
            });
  }

  private Problems.Unauthorized rejected(String kind, String why) {
    metrics.counter("waybill.connectors.webhooks", "kind", kind, "outcome", "rejected").increment();
    // The shop's name and the signature are the sender's claims; only the reason is logged.
    Log.warnf("Rejected a %s webhook: %s", kind, why);
    return new Problems.Unauthorized("Unknown shop or bad signature");
  }

  /**
   * Whether {@code signature} is the base64 HMAC-SHA256 of {@code body} keyed with {@code secret}
   * (Shopify's and WooCommerce's scheme), compared in constant time.
   */
  public static boolean signed(String secret, byte[] body, String signature) {
    byte[] given;
    try {
      given = Base64.getDecoder().decode(signature.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(secret, body), given);
  }

  /** The base64 HMAC-SHA256 of {@code body} keyed with {@code secret}. */
  public static String sign(String secret, byte[] body) {
    return Base64.getEncoder().encodeToString(hmac(secret, body));
  }

  private static byte[] hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private static String hash(byte[] body) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
