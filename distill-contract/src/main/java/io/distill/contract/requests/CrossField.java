package io.distill.contract.requests;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Bean Validation's view of {@link CrossFieldChecked}: each broken rule becomes a violation on the
 * field it names, so a nested request reports a full path such as
 * {@code plan.transferSets[0].onlyClasses}.
 */
@Documented
@Constraint(validatedBy = CrossFieldValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface CrossField {

    String message() default "breaks a rule between fields";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
