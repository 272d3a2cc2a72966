package io.distill.server.problems;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Bean Validation's violations as field errors. A violation's property path starts with the method
 * and its parameter ({@code create.body.plan.transferSets[1].students[0].temperature}); the field is
 * the path within the parameter ({@code plan.transferSets[1].students[0].temperature}), or the
 * parameter's name (the body is {@code body}) when the parameter itself is wrong, for example null.
 */
final class Violations {

    private Violations() {}

    /** True if a method's return value broke a constraint: the server's fault, not the client's. */
    static boolean onReturnValue(Set<ConstraintViolation<?>> violations) {
        return violations.stream().anyMatch(v -> kinds(v.getPropertyPath()).contains(ElementKind.RETURN_VALUE));
    }

    /** One field error per violation, sorted by field then error so that the first is always the same. */
    static List<Problem.FieldError> errors(Set<ConstraintViolation<?>> violations) {
        return violations.stream()
                .map(v -> new Problem.FieldError(field(v.getPropertyPath()), error(v)))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::error))
                .toList();
    }

    static String field(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (kind == ElementKind.PROPERTY || kind == ElementKind.CONTAINER_ELEMENT || kind == ElementKind.BEAN) {
                // The index or key of a container element is carried by the node after the container.
                if (node.isInIterable()) {
                    Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
                    field.append('[').append(at).append(']');
                }
                if (kind == ElementKind.PROPERTY && node.getName() != null) {
                    field.append(field.isEmpty() ? "" : ".").append(node.getName());
                }
            }
        }
        if (!field.isEmpty()) {
            return field.charAt(0) == '[' && parameter != null ? parameter + field : field.toString();
        }
        return parameter != null ? parameter : "body";
    }

    private static String error(ConstraintViolation<?> violation) {
        Object value = violation.getInvalidValue();
        boolean scalar = value instanceof Number || value instanceof Boolean || value instanceof CharSequence;
        return scalar ? violation.getMessage() + " (is " + quoted(value) + ")" : violation.getMessage();
    }

    private static String quoted(Object value) {
        return value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
    }

    private static List<ElementKind> kinds(Path path) {
        return StreamSupport.stream(path.spliterator(), false).map(Path.Node::getKind).toList();
    }
}
