package dev.waybill.orders;

import dev.waybill.platform.errors.Problems;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/** An opaque keyset cursor: the last row's placed-at time and id. */
record OrderCursor(OffsetDateTime placedAt, UUID id) {

  static String encode(OffsetDateTime placedAt, UUID id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((placedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  static OrderCursor decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      return new OrderCursor(
          OffsetDateTime.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
    } catch (RuntimeException e) {
      throw new Problems.Invalid("cursor", "is not a cursor this API returned");
    }
  }
}
