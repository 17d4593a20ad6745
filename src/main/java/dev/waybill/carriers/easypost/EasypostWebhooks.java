package dev.waybill.carriers.easypost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.WebhookSignatures;
import dev.waybill.carriers.spi.WebhookSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * EasyPost's tracker events. Each push is an {@code Event} signed as EasyPost's client libraries
 * check it ({@code validate_webhook}): header {@code X-Hmac-Signature} holding {@code
 * hmac-sha256-hex=} and the lowercase hex HMAC-SHA256 of the raw body, keyed by the webhook secret
 * NFKD-normalized and encoded as UTF-8.
 */
@ApplicationScoped
public class EasypostWebhooks implements WebhookSource {

  public static final String NAME = "easypost";

  /** The signature header, in lower case as {@link WebhookSource#verify} receives names. */
  static final String SIGNATURE_HEADER = "x-hmac-signature";

  static final String SIGNATURE_PREFIX = "hmac-sha256-hex=";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EasypostConfig config;

  public EasypostWebhooks(EasypostConfig config) {
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
   * Checks the signature over the exact bytes received, then the event's age, and answers the
   * event's {@code id} ({@code evt_...}).
   */
  @Override
  public String verify(Map<String, String> headers, byte[] body, Instant now) {
    return verify(headers, body, now, secret());
  }

  @Override
  public String verify(Map<String, String> headers, byte[] body, Instant now, String secret) {
    if (secret == null) {
      throw new WebhookRejected(401, "EasyPost pushes are off: no webhook secret is configured");
    }
    String provided = headers.get(SIGNATURE_HEADER);
    if (provided == null || provided.isBlank()) {
      throw new WebhookRejected(401, "EasyPost push without " + SIGNATURE_HEADER);
    }
    if (!WebhookSignatures.equal(signature(secret, body), provided.trim())) {
      throw new WebhookRejected(401, "EasyPost push with a wrong signature");
    }
    JsonNode event = read(body);
    String id = EasypostWebhookMapper.text(event.get("id"));
    if (id == null) {
      throw new WebhookRejected(400, "EasyPost push without an event id");
    }
    Instant at = latest(event.get("created_at"), event.get("updated_at"));
    if (at == null) {
      throw new WebhookRejected(401, "EasyPost push " + id + " has no readable time");
    }
    Duration tolerance = config.tolerance();
    if (at.isBefore(now.minus(tolerance)) || at.isAfter(now.plus(tolerance))) {
      throw new WebhookRejected(
          401, "EasyPost push " + id + " dated " + at + " is outside " + tolerance + " of " + now);
    }
    return id;
  }

  @Override
  public List<PushedUpdate> parse(String body) {
    try {
      return EasypostWebhookMapper.map(JSON.readTree(body));
    } catch (JsonProcessingException e) {
      throw new CarrierException(
          CarrierException.Kind.MALFORMED, "EasyPost push is not JSON", null, e);
    }
  }

  /** {@code hmac-sha256-hex=} and the lowercase hex HMAC-SHA256 of the body. */
  static String signature(String secret, byte[] body) {
    byte[] key =
        Normalizer.normalize(secret, Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8);
    return SIGNATURE_PREFIX + HexFormat.of().formatHex(WebhookSignatures.hmacSha256(key, body));
  }

  private String secret() {
    String secret = config.secret().orElse(null);
    return secret == null || secret.isBlank() ? null : secret;
  }

  private static JsonNode read(byte[] body) {
    try {
      JsonNode event = JSON.readTree(body);
      if (event == null || !event.isObject()) {
        throw new WebhookRejected(400, "EasyPost push is not a JSON object");
      }
      return event;
    } catch (IOException e) {
      throw new WebhookRejected(400, "EasyPost push is not JSON");
    }
  }

  /** The later of the event's timestamps; {@code null} when neither can be read. */
  private static Instant latest(JsonNode createdAt, JsonNode updatedAt) {
    Instant created = instant(EasypostWebhookMapper.text(createdAt));
    Instant updated = instant(EasypostWebhookMapper.text(updatedAt));
    if (created == null || updated == null) {
      return created != null ? created : updated;
    }
    return created.isAfter(updated) ? created : updated;
  }

  /** EasyPost's event times are ISO 8601 in UTC ({@code 2024-08-02T19:26:52.000Z}). */
  private static Instant instant(String value) {
    if (value == null) {
      return null;
    }
    try {
      TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parse(value);
      ZoneOffset offset =
          t.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(t) : ZoneOffset.UTC;
      return LocalDateTime.from(t).toInstant(offset);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
