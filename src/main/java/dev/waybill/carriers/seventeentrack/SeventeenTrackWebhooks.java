package dev.waybill.carriers.seventeentrack;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.WebhookSignatures;
import dev.waybill.carriers.spi.WebhookSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * 17TRACK's push notifications (API v2.2, "Webhook"). Each push is {@code {"event": ..., "data":
 * {...}}} with the header {@code sign}: the lowercase hex SHA-256 of the event, {@code /}, the
 * {@code data} JSON exactly as sent, {@code /}, and the account's security key. A push carries no
 * time and no id of its own, so its replay id is the hash of its body.
 */
@ApplicationScoped
public class SeventeenTrackWebhooks implements WebhookSource {

  public static final String NAME = "17track";

  /** The signature header, in lower case as {@link WebhookSource#verify} receives names. */
  static final String SIGNATURE_HEADER = "sign";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = new JsonFactory();

  private final SeventeenTrackConfig config;

  public SeventeenTrackWebhooks(SeventeenTrackConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean enabled() {
    return config.secret().filter(s -> !s.isBlank()).isPresent();
  }

  @Override
  public String verify(Map<String, String> headers, byte[] body, Instant now) {
    return verify(headers, body, now, config.secret().filter(s -> !s.isBlank()).orElse(null));
  }

  @Override
  public String verify(Map<String, String> headers, byte[] body, Instant now, String key) {
    if (key == null) {
      throw new WebhookRejected(401, "17TRACK pushes are off: no security key is configured");
    }
    String provided = headers.get(SIGNATURE_HEADER);
    if (provided == null || provided.isBlank()) {
      throw new WebhookRejected(401, "17TRACK push without " + SIGNATURE_HEADER);
    }
    Parts parts = parts(body);
    if (!WebhookSignatures.equal(sign(parts.event(), parts.data(), key), provided.trim())) {
      throw new WebhookRejected(401, "17TRACK push with a wrong signature");
    }
    return "sha256:" + HexFormat.of().formatHex(sha256(body));
  }

  @Override
  public List<PushedUpdate> parse(String body) {
    try {
      return SeventeenTrackMapper.map(JSON.readTree(body));
    } catch (JsonProcessingException e) {
      throw new CarrierException(
          CarrierException.Kind.MALFORMED, "17TRACK push is not JSON", null, e);
    }
  }

  /** {@code sha256_hex(event + "/" + data + "/" + key)}. */
  static String sign(String event, String data, String key) {
    return HexFormat.of()
        .formatHex(sha256((event + "/" + data + "/" + key).getBytes(StandardCharsets.UTF_8)));
  }

  /** The push's {@code event} and the exact text of its {@code data}. */
  record Parts(String event, String data) {}

  static Parts parts(byte[] body) {
    String event = null;
    String data = null;
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new WebhookRejected(400, "17TRACK push is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("event".equals(field) && value == JsonToken.VALUE_STRING) {
          event = p.getText();
        } else if ("data".equals(field)) {
          long start = p.currentTokenLocation().getByteOffset();
          p.skipChildren();
          long end = p.currentLocation().getByteOffset();
          data =
              new String(Arrays.copyOfRange(body, (int) start, (int) end), StandardCharsets.UTF_8);
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new WebhookRejected(400, "17TRACK push is not JSON");
    }
    if (event == null || data == null) {
      throw new WebhookRejected(400, "17TRACK push without event or data");
    }
    return new Parts(event, data);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
