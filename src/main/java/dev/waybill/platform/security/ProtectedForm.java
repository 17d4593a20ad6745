package dev.waybill.platform.security;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that takes a browser form: {@link FormProtection} checks the post before the
 * method runs (the {@link FormGuard} token against the form cookie, the Origin or Referer, and the
 * honeypot field), so the method sees only genuine posts. A refused post is answered by the
 * resource class as a {@link FormRefusal}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ProtectedForm {}
