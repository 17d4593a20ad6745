package dev.waybill.insights.analytics;

import dev.waybill.platform.errors.Problems;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * An opaque keyset cursor for a series: the sort key of the last row returned (its period, its
 * shipments and orders, its grouping values), tagged with the grouping it belongs to so a cursor is
 * never read against another one.
 */
record SeriesCursor(List<String> values) {

  static String encode(String grouping, List<String> values) {
    StringBuilder raw = new StringBuilder(grouping);
    for (String v : values) {
      raw.append('|').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor, or {@code null} for the first page; a foreign or mangled one is a 400. */
  static SeriesCursor decode(String cursor, String grouping, int keys) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
      String[] parts = raw.split("\\|", -1);
      if (!parts[0].equals(grouping) || parts.length != keys + 1) {
        throw new IllegalArgumentException("another series");
      }
      List<String> values = new ArrayList<>(keys);
      for (int i = 1; i < parts.length; i++) {
        values.add(URLDecoder.decode(parts[i], StandardCharsets.UTF_8));
      }
      return new SeriesCursor(values);
    } catch (RuntimeException e) {
      throw new Problems.Invalid(
          "cursor", "is not a nextCursor this series returned with the same groupBy");
    }
  }
}
