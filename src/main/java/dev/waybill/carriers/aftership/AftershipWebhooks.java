package dev.waybill.carriers.aftership;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.WebhookSignatures;
import dev.waybill.carriers.spi.WebhookSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * AfterShip Tracking's webhooks. Each push is signed as AfterShip documents ("Webhook Signature"):
 * header {@code aftership-hmac-sha256} holding the Base64 HMAC-SHA256 of the raw body, keyed by the
 * account's webhook secret.
 */
@ApplicationScoped
public class AftershipWebhooks implements WebhookSource {

  public static final String NAME = "aftership";

  /** The signature header, in lower case as {@link WebhookSource#verify} receives names. */
  static final String SIGNATURE_HEADER = "aftership-hmac-sha256";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AftershipConfig config;

  public AftershipWebhooks(AftershipConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean enabled() {
    return secret() != null;
  }

  /**
   * Checks the signature over the exact bytes received, then the push's {@code ts}, and answers
   * AfterShip's {@code event_id}, or a hash of the body when a push has none.
   */
  @Override
  public String verify(Map<String, String> headers, byte[] body, Instant now) {
    return verify(headers, body, now, secret());
  }

  @Override
  public String verify(Map<String, String> headers, byte[] body, Instant now, String secret) {
    if (secret == null) {
      throw new WebhookRejected(401, "AfterShip pushes are off: no webhook secret is configured");
    }
    String provided = headers.get(SIGNATURE_HEADER);
    if (provided == null || provided.isBlank()) {
      throw new WebhookRejected(401, "AfterShip push without " + SIGNATURE_HEADER);
    }
    if (!WebhookSignatures.equal(signature(secret, body), provided.trim())) {
      throw new WebhookRejected(401, "AfterShip push with a wrong signature");
    }
    JsonNode webhook = read(body);
    Instant at = ts(webhook.get("ts"));
    if (at == null) {
      throw new WebhookRejected(401, "AfterShip push without a readable ts");
    }
    Duration tolerance = config.tolerance();
    if (at.isBefore(now.minus(tolerance)) || at.isAfter(now.plus(tolerance))) {
      throw new WebhookRejected(
          401, "AfterShip push dated " + at + " is outside " + tolerance + " of " + now);
    }
    String id = AftershipWebhookMapper.text(webhook.get("event_id"));
    return id != null ? id : "sha256:" + HexFormat.of().formatHex(sha256(body));
  }

  @Override
  public List<PushedUpdate> parse(String body) {
    try {
      return AftershipWebhookMapper.map(JSON.readTree(body));
    } catch (JsonProcessingException e) {
      throw new CarrierException(
          CarrierException.Kind.MALFORMED, "AfterShip push is not JSON", null, e);
    }
  }

  /** The Base64 (standard alphabet, padded) HMAC-SHA256 of the body. */
  static String signature(String secret, byte[] body) {
    return Base64.getEncoder().encodeToString(WebhookSignatures.hmacSha256(secret, body));
  }

  private String secret() {
    String secret = config.secret().orElse(null);
    return secret == null || secret.isBlank() ? null : secret;
  }

  private static JsonNode read(byte[] body) {
    try {
      JsonNode webhook = JSON.readTree(body);
      if (webhook == null || !webhook.isObject()) {
        throw new WebhookRejected(400, "AfterShip push is not a JSON object");
      }
      return webhook;
    } catch (IOException e) {
      throw new WebhookRejected(400, "AfterShip push is not JSON");
    }
  }

  /** {@code ts}: UTC epoch seconds, as a number (or, leniently, a string of digits). */
  private static Instant ts(JsonNode ts) {
    if (ts == null) {
      return null;
    }
    if (ts.isIntegralNumber()) {
      return Instant.ofEpochSecond(ts.asLong());
    }
    if (ts.isTextual() && ts.asText().trim().matches("\\d{1,12}")) {
      return Instant.ofEpochSecond(Long.parseLong(ts.asText().trim()));
    }
    return null;
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
