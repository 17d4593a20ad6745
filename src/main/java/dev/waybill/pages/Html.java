package dev.waybill.pages;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/**
 * HTML responses of the shopper pages; their security headers come from {@link
 * dev.waybill.platform.security.HtmlHeaders}, as each page class declares.
 */
final class Html {

  private Html() {}

  static Response.ResponseBuilder page(int status, String html) {
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html);
  }

  /** A page rendered ahead of the request, sent as its UTF-8 bytes. */
  static Response.ResponseBuilder bytes(int status, byte[] html) {
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html);
  }

  /** A page holding a form, carrying the browser's form cookie. */
  static Response form(int status, String html, NewCookie cookie) {
    return page(status, html).cookie(cookie).build();
  }
}
