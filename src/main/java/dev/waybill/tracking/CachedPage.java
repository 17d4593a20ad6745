package dev.waybill.tracking;

import java.nio.charset.StandardCharsets;

/**
 * A page rendered from a cached lookup (the shopper's tracking page), kept beside that lookup in
 * the same cache tiers and evicted with it. {@code sourceEtag} is the ETag of the lookup it was
 * rendered from: a page is only stored while that lookup is still the cached one, so a page of an
 * older revision can't outlive the change that evicted it.
 *
 * @param etag the page's own ETag
 * @param contentSecurityPolicy the page's policy, computed once from its inline styles
 * @param html the page, UTF-8
 */
public record CachedPage(
    String etag, String sourceEtag, int tokenVersion, String contentSecurityPolicy, byte[] html) {

  /** A page rendered from {@code source}. */
  public static CachedPage of(
      TrackingService.Lookup source, String etag, String contentSecurityPolicy, String html) {
    return new CachedPage(
        etag,
        source.etag(),
        source.document().tokenVersion(),
        contentSecurityPolicy,
        html.getBytes(StandardCharsets.UTF_8));
  }

  /** One line per field, then the page (the policy never holds a newline). */
  String encode() {
    return etag
        + '\n'
        + sourceEtag
        + '\n'
        + tokenVersion
        + '\n'
        + contentSecurityPolicy
        + '\n'
        + new String(html, StandardCharsets.UTF_8);
  }

  static CachedPage decode(String value) {
    int a = value.indexOf('\n');
    int b = value.indexOf('\n', a + 1);
    int c = value.indexOf('\n', b + 1);
    int d = value.indexOf('\n', c + 1);
    if (a < 0 || b < 0 || c < 0 || d < 0) {
      return null;
    }
    try {
      return new CachedPage(
          value.substring(0, a),
          value.substring(a + 1, b),
          Integer.parseInt(value.substring(b + 1, c)),
          value.substring(c + 1, d),
          value.substring(d + 1).getBytes(StandardCharsets.UTF_8));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
