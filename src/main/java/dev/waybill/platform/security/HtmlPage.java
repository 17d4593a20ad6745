package dev.waybill.platform.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How {@link HtmlHeaders} protects a resource's pages where they differ from the default, a private
 * staff page: no scripts, never cached, never framed. On a class or a method; the method wins.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface HtmlPage {

  /** The script-src sources, e.g. {@code "'self'"} for pages with their own scripts. */
  String scripts() default "'none'";

  /** The Referrer-Policy. */
  String referrer() default "same-origin";

  /** The Cache-Control of pages that set none themselves; empty leaves it out. */
  String cache() default "no-store";

  /**
   * Whether sites the page's owner names (its {@link EmbeddingOrigins}) may show it in a frame;
   * otherwise no site may.
   */
  boolean embeddable() default false;
}
