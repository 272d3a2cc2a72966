package io.distill.server.problems;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

/** A floating-point field of a request is NaN or ±Infinity; {@code written} is how the client wrote it. */
public final class NonFiniteNumberException extends InvalidFormatException {

    private final String written;

    public NonFiniteNumberException(JsonParser p, String written, Object value, Class<?> type) {
        super(p, "Not a finite number: " + written, value, type);
        this.written = written;
    }

    /** The value as the client wrote it: {@code 1e400}, or {@code "NaN"} with its quotes. */
    public String written() {
        return written;
    }
}
