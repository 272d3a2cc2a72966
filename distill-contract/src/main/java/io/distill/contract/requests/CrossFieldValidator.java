package io.distill.contract.requests;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.List;

/** Turns a request's {@link CrossFieldChecked#crossFieldProblems()} into violations on the named fields. */
public class CrossFieldValidator implements ConstraintValidator<CrossField, CrossFieldChecked> {

    @Override
    public boolean isValid(CrossFieldChecked request, ConstraintValidatorContext context) {
        if (request == null) {
            return true;
        }
        List<FieldProblem> problems = request.crossFieldProblems();
        if (problems.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        for (FieldProblem problem : problems) {
            context.buildConstraintViolationWithTemplate(escape(problem.message()))
                    .addPropertyNode(problem.field())
                    .addConstraintViolation();
        }
        return false;
    }

    /** The message is plain text, not a template: braces and dollars stay as they are. */
    private static String escape(String message) {
        return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
