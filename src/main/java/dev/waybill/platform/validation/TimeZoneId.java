package dev.waybill.platform.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.ZoneId;

/** An IANA time zone such as {@code Europe/Berlin}. Null is valid. */
@Retention(RetentionPolicy.RUNTIME)
@Target({
  ElementType.FIELD,
  ElementType.PARAMETER,
  ElementType.RECORD_COMPONENT,
  ElementType.METHOD
})
@Constraint(validatedBy = TimeZoneId.Validator.class)
public @interface TimeZoneId {
  String message() default "must be an IANA time zone such as Europe/Berlin";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Accepts region ids the JDK knows. */
  class Validator implements ConstraintValidator<TimeZoneId, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || value.length() <= 64 && ZoneId.getAvailableZoneIds().contains(value);
    }
  }
}
