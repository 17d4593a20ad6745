package dev.waybill.tracking;

import java.nio.charset.StandardCharsets;

/**
 * A rendered lookup as cached: the response body and its ETag, plus what a lookup must check before
 * serving it (the shopper's email hash, postal code and the current token version).
 */
record CachedLookup(
    String etag, String emailHash, String postalCode, int tokenVersion, byte[] body) {

  /** One line per field, then the JSON body, which never contains a raw newline. */
  String encode() {
    return etag
        + '\n'
        + emailHash
        + '\n'
        + postalCode
        + '\n'
        + tokenVersion
        + '\n'
        + new String(body, StandardCharsets.UTF_8);
  }

  static CachedLookup decode(String value) {
    int a = value.indexOf('\n');
    int b = value.indexOf('\n', a + 1);
    int c = value.indexOf('\n', b + 1);
    int d = value.indexOf('\n', c + 1);
    if (a < 0 || b < 0 || c < 0 || d < 0) {
      return null;
    }
    return new CachedLookup(
        value.substring(0, a),
        value.substring(a + 1, b),
        value.substring(b + 1, c),
        Integer.parseInt(value.substring(c + 1, d)),
        value.substring(d + 1).getBytes(StandardCharsets.UTF_8));
  }
}
