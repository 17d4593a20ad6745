package dev.waybill.feedback;

import dev.waybill.platform.security.KeyPurpose;
import dev.waybill.platform.security.LinkSignature;
import dev.waybill.tracking.TrackingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The signed rating links of the "delivered" email: each star is a link naming the parcel and the
 * rating, so a shopper rates without signing in. Like the notification settings links they never
 * expire (an old email still works), and their key is derived from the master secret for this
 * purpose alone ({@link KeyPurpose#FEEDBACK_LINKS}), so no other kind of token verifies here.
 */
@ApplicationScoped
public class FeedbackLinks {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final int BODY_BYTES = 17;

  /** What a verified link names. */
  public record Claims(UUID shipmentId, int rating) {}

  private final LinkSignature signature;
  private final String baseUrl;

  @Inject
  public FeedbackLinks(TrackingConfig tracking) {
    this(KeyPurpose.FEEDBACK_LINKS.key(tracking.tokenSecret()), tracking.publicBaseUrl());
  }

  FeedbackLinks(byte[] key, String baseUrl) {
    this.signature = new LinkSignature(key, null, null);
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** The token for one star of one parcel. */
  public String issue(UUID shipmentId, int rating) {
    Ratings.check(rating);
    byte[] body =
        ByteBuffer.allocate(BODY_BYTES)
            .putLong(shipmentId.getMostSignificantBits())
            .putLong(shipmentId.getLeastSignificantBits())
            .put((byte) rating)
            .array();
    return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(signature.sign(body));
  }

  /** The page a star of the email opens. */
  public String url(UUID shipmentId, int rating) {
    return baseUrl + "/f/" + issue(shipmentId, rating);
  }

  /** The parcel and rating a link names, or empty when it is malformed or forged. */
  public Optional<Claims> verify(String token) {
    if (token == null || token.length() > 100) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    try {
      byte[] body = DECODER.decode(token.substring(0, dot));
      byte[] sig = DECODER.decode(token.substring(dot + 1));
      if (body.length != BODY_BYTES || !signature.verifies(body, sig)) {
        return Optional.empty();
      }
      ByteBuffer in = ByteBuffer.wrap(body);
      UUID shipment = new UUID(in.getLong(), in.getLong());
      int rating = in.get();
      return Ratings.valid(rating) ? Optional.of(new Claims(shipment, rating)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
