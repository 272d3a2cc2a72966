package io.distill.server.problems;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.distill.contract.jobs.FieldException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * Says in a sentence which field of a JSON body Jackson could not bind, and why: the field is the
 * JSON path of the bad value ({@code plan.transferSets[1].students[0].temperature}), or
 * {@code body} for the body as a whole. Values are quoted as JSON, choices as the client writes them.
 */
public final class BindingErrors {

    private final ObjectMapper mapper;

    public BindingErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The JSON path of where Jackson stopped: object keys joined by dots, array indexes in brackets. */
    public static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** The bad field and its problem. */
    public Problem.FieldError describe(JsonMappingException e) {
        String field = path(e);
        FieldException inConstructor = fieldExceptionIn(e);
        if (inConstructor != null) {
            // A record's own check refused the value: its field is relative to the record.
            String inner = inConstructor.field();
            String prefix = field.equals("body") ? "" : field + ".";
            return new Problem.FieldError(inner.equals("body") ? field : prefix + inner, inConstructor.problem());
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return new Problem.FieldError(field, "is not a known field; known fields are " + known(u.getKnownPropertyIds()));
        }
        if (e instanceof InvalidNullException) {
            return new Problem.FieldError(field, "is null, expected a value (null means \"none\" only where the API says so)");
        }
        if (e instanceof NonFiniteNumberException n) {
            return new Problem.FieldError(field, "is " + n.written() + ", expected a finite number (not NaN or"
                    + " ±Infinity, nor one too large for a double)");
        }
        if (e instanceof InvalidFormatException f) {
            return new Problem.FieldError(field, "is " + json(f.getValue()) + ", expected " + expected(f.getTargetType()));
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new Problem.FieldError(field, "is not " + expected(m.getTargetType()));
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null) {
            return new Problem.FieldError(field, e.getCause().getMessage());
        }
        return new Problem.FieldError(field, "cannot be read: " + e.getOriginalMessage());
    }

    /** What a value of {@code type} looks like in JSON, in words. */
    public String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + String.join(", ", Arrays.stream(type.getEnumConstants()).map(this::json).toList());
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == BigInteger.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == BigDecimal.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "[]" : ids.stream().map(String::valueOf).sorted().toList().toString();
    }

    private static FieldException fieldExceptionIn(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof FieldException fe) {
                return fe;
            }
        }
        return null;
    }

    /** A value as the client wrote it in JSON (an enum constant as it is serialized). */
    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return Objects.toString(value);
        }
    }
}
