package dev.waybill.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Content-Security-Policy for server-rendered pages without {@code 'unsafe-inline'}: each inline
 * {@code <style>} block is allowed by its SHA-256 hash. A page's styles depend only on the store's
 * colours, so the header stays the same as long as the page does, and 304 answers stay valid.
 */
public final class ContentSecurity {

  private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

  private ContentSecurity() {}

  /**
   * @param scripts the script-src sources, e.g. {@code "'self'"} or {@code "'none'"}
   */
  public static String policy(String html, String scripts) {
    Set<String> hashes = new LinkedHashSet<>();
    Matcher m = STYLE.matcher(html);
    while (m.find()) {
      hashes.add("'sha256-" + sha256(m.group(1)) + "'");
    }
    return "default-src 'none'; img-src https: http: data:; style-src "
        + (hashes.isEmpty() ? "'none'" : String.join(" ", hashes))
        + "; script-src "
        + scripts
        + "; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  }

  /**
   * The policy with its {@code frame-ancestors} directive set to the page itself plus {@code
   * origins} (already validated https origins); without origins no site may frame the page.
   */
  public static String frameAncestors(String policy, java.util.List<String> origins) {
    String sources =
        origins == null || origins.isEmpty() ? "'none'" : "'self' " + String.join(" ", origins);
    return policy.replaceFirst("frame-ancestors [^;]*", "frame-ancestors " + sources);
  }

  private static String sha256(String text) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
