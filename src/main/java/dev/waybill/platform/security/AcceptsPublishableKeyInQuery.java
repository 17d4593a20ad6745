package dev.waybill.platform.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The endpoint also takes a publishable key ({@code wb_pub_…}) as the {@code key} query parameter,
 * for scripts on storefront pages: a GET without an {@code Authorization} header needs no CORS
 * preflight, and its answer can be cached by the browser and shared caches. Secret keys are never
 * taken from a URL, where logs and Referer headers would keep them.
 *
 * <p>A key in the query also names the store when the {@code Authorization} header holds something
 * other than a key, such as a signed-in shopper's token.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AcceptsPublishableKeyInQuery {

  /** The query parameter's name. */
  String PARAMETER = "key";

  /** What every publishable key starts with. */
  String PREFIX = "wb_pub_";
}
