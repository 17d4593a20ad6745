package dev.waybill.connectors.woocommerce;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A WooCommerce site's address in one spelling, so that the site URL a merchant types and the
 * {@code X-WC-Webhook-Source} WooCommerce sends (its {@code home_url} with a trailing slash) find
 * the same store: scheme and host in lower case, default port and trailing slashes dropped, no
 * query, fragment or credentials.
 */
public final class WooSites {

  private WooSites() {}

  /** The normalised site URL, or empty when {@code url} is not an absolute http(s) URL. */
  public static Optional<String> normalise(String url) {
    if (url == null || url.isBlank() || url.length() > 2048) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      return Optional.empty();
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      return Optional.empty();
    }
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || ("https".equals(scheme) && port == 443)
            || ("http".equals(scheme) && port == 80);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    return Optional.of(
        scheme
            + "://"
            + uri.getHost().toLowerCase(Locale.ROOT)
            + (defaultPort ? "" : ":" + port)
            + path);
  }

  /** Whether the site may be reached without TLS: only a local test server. */
  public static boolean local(String normalised) {
    String host = URI.create(normalised).getHost();
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
  }
}
