package io.retention.kit.rest;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A customer id as the contract defines it: 1 to 64 characters of {@code A-Z a-z 0-9 . _ : -}. */
@Pattern(regexp = "^[A-Za-z0-9._:-]{1,64}$")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface CustomerId {
    String message() default "must be 1 to 64 of A-Z a-z 0-9 . _ : -";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
