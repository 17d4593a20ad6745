package dev.waybill.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.NewCookie;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CSRF protection for the site's forms, without server-side sessions: a signed double-submit token.
 * The browser holds a random value in a strict same-site cookie; the form carries that value with
 * an expiry, signed. A forged cross-site post has neither the cookie nor a matching signed field.
 */
@ApplicationScoped
public class FormGuard {

  public static final String COOKIE = "wb_form";

  /** The form field carrying the signed token. */
  public static final String FIELD = "csrf";

  /** A field people never see; simple bots fill every field they find. */
  public static final String HONEYPOT = "website";

  private final byte[] key;
  private final Duration ttl;
  private final boolean secure;
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  @Inject
  public FormGuard(
      SecurityConfig config,
      @ConfigProperty(name = "waybill.tracking.token-secret") String secret,
      @ConfigProperty(name = "waybill.tracking.public-base-url", defaultValue = "http://localhost")
          String publicBaseUrl) {
    this(secret, config.forms().ttl(), publicBaseUrl.startsWith("https://"), Clock.systemUTC());
  }

  public FormGuard(String secret, Duration ttl, boolean secure, Clock clock) {
    // A key of its own, derived so operators manage one secret rather than two. Forms live for
    // hours, so forms rendered with the key derived the older way simply expire.
    this.key = KeyPurpose.FORMS.key(secret);
    this.ttl = ttl;
    this.secure = secure;
    this.clock = clock;
  }

  /** A form's protection: the browser's cookie value (reused when valid) and the signed field. */
  public record Issued(String cookieValue, String field, NewCookie cookie) {}

  public Issued issue(String existingCookie) {
    String nonce = wellFormed(existingCookie) ? existingCookie : nonce();
    long expires = clock.millis() / 1000 + ttl.toSeconds();
    String field = expires + "." + sign(nonce, expires);
    NewCookie cookie =
        new NewCookie.Builder(COOKIE)
            .value(nonce)
            .path("/")
            .httpOnly(true)
            .secure(secure)
            .sameSite(NewCookie.SameSite.STRICT)
            .build();
    return new Issued(nonce, field, cookie);
  }

  /**
   * Whether a submitted form is genuine: the cookie matches the signed field, the field has not
   * expired, and a browser-sent Origin, if any, is this site.
   */
  public boolean accepts(String cookie, String field, String origin, String host) {
    // "null" is what privacy settings send; the signed token still has to match.
    if (origin != null
        && !origin.isBlank()
        && !"null".equals(origin)
        && host != null
        && !sameHost(origin, host)) {
      return false;
    }
    if (!wellFormed(cookie) || field == null) {
      return false;
    }
    int dot = field.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    long expires;
    try {
      expires = Long.parseLong(field.substring(0, dot));
    } catch (NumberFormatException e) {
      return false;
    }
    if (expires < clock.millis() / 1000) {
      return false;
    }
    return KeyHashing.constantTimeEquals(sign(cookie, expires), field.substring(dot + 1));
  }

  /**
   * As {@link #accepts(String, String, String, String)}, with the Referer standing in for the
   * Origin when a browser sends none: a Referer naming another host is refused.
   */
  public boolean accepts(String cookie, String field, String origin, String referer, String host) {
    if ((origin == null || origin.isBlank()) && fromThisHost(referer, host) == Boolean.FALSE) {
      return false;
    }
    return accepts(cookie, field, origin, host);
  }

  /** Whether a Referer names this host; null when there is none to judge by. */
  private static Boolean fromThisHost(String referer, String host) {
    if (referer == null || referer.isBlank()) {
      return null;
    }
    try {
      String authority = new URI(referer.strip()).getRawAuthority();
      return authority != null && host != null && authority.equalsIgnoreCase(host);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Whether the hidden field a person never sees was filled in. */
  public static boolean trapped(String honeypot) {
    return honeypot != null && !honeypot.isEmpty();
  }

  private static boolean sameHost(String origin, String host) {
    String o = origin.replaceFirst("^[a-zA-Z]+://", "");
    return o.equalsIgnoreCase(host);
  }

  private static boolean wellFormed(String nonce) {
    return nonce != null && nonce.matches("[A-Za-z0-9_-]{22}");
  }

  private String nonce() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private String sign(String nonce, long expires) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, nonce + "|" + expires));
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
