package dev.waybill.platform.pagination;

import dev.waybill.platform.errors.Problems;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/** An opaque keyset cursor for newest-first lists: the last row's time and id. */
public record KeysetCursor(OffsetDateTime at, UUID id) {

  public static String encode(OffsetDateTime at, UUID id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  public static KeysetCursor decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      return new KeysetCursor(
          OffsetDateTime.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
    } catch (RuntimeException e) {
      throw new Problems.Invalid("cursor", "is not a cursor this API returned");
    }
  }
}
