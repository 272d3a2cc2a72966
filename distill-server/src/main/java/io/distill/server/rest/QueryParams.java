package io.distill.server.rest;

import io.distill.contract.jobs.FieldException;
import java.util.function.Function;

/**
 * Query parameters read by their type's own parser, so that a value it refuses is a 400 naming the parameter:
 * JAX-RS would answer 404 for a query parameter it cannot convert.
 */
public final class QueryParams {

    private QueryParams() {}

    /** {@code value} as {@code parse} reads it, null when absent; a refused value is a 400 naming {@code field}. */
    public static <T> T parse(String field, String value, Function<String, T> parse) {
        try {
            return value == null ? null : parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new FieldException(field, e.getMessage());
        }
    }
}
