package dev.waybill.platform.security;

/**
 * A page rendered ahead of the request (kept in a cache), with its Content-Security-Policy worked
 * out when it was rendered: {@link HtmlHeaders} sets the headers from it and sends the bytes as
 * they are, with no per-request work on the page.
 *
 * @param html the page, UTF-8
 * @param contentSecurityPolicy {@link ContentSecurity#policy} of the page
 */
public record PreparedHtml(byte[] html, String contentSecurityPolicy) {}
