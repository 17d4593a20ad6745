package dev.waybill.platform.validation;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.hibernate.validator.spi.messageinterpolation.LocaleResolver;
import org.hibernate.validator.spi.messageinterpolation.LocaleResolverContext;

/**
 * Keeps the API's field messages in English whatever a client's {@code Accept-Language} says. The
 * locales the build lists ({@code quarkus.locales}) are there for the shopper pages and messages,
 * which speak from their own bundles; a problem's field errors are read by developers and matched
 * by their integrations, so they do not change with the caller's browser.
 */
@ApplicationScoped
@Priority(1000)
public class EnglishMessages implements LocaleResolver {

  @Override
  public Locale resolve(LocaleResolverContext context) {
    return Locale.ENGLISH;
  }
}
