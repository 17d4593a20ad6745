package dev.waybill.platform.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;
import java.util.Set;

/** An ISO 3166-1 alpha-2 country code in upper case, such as {@code DE}. Null is valid. */
@Retention(RetentionPolicy.RUNTIME)
@Target({
  ElementType.FIELD,
  ElementType.PARAMETER,
  ElementType.RECORD_COMPONENT,
  ElementType.METHOD
})
@Constraint(validatedBy = Country.Validator.class)
public @interface Country {
  String message() default "must be an ISO 3166-1 alpha-2 country code such as DE";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks against the JDK's list of ISO countries. */
  class Validator implements ConstraintValidator<Country, String> {
    private static final Set<String> CODES = Set.of(Locale.getISOCountries());

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || CODES.contains(value);
    }
  }
}
