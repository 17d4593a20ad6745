package dev.waybill.pages;

import dev.waybill.platform.security.ContentSecurity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/** HTML responses with the headers every shopper page carries. */
final class Html {

  private Html() {}

  static Response.ResponseBuilder page(int status, String html) {
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(html)
        // Nothing loads from elsewhere but images (logos, product photos), and tracking links
        // must not leak to other sites through the Referer header.
        .header("Content-Security-Policy", ContentSecurity.policy(html, "'self'"))
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "same-origin");
  }

  /** A page holding a form: never cached, and carrying the browser's form cookie. */
  static Response form(int status, String html, NewCookie cookie) {
    return page(status, html).header(HttpHeaders.CACHE_CONTROL, "no-store").cookie(cookie).build();
  }
}
