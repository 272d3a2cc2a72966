package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How an ensemble's members are combined: the mean of their probabilities, or of their log-probabilities (renormalised). */
public enum Combine {
    ARITHMETIC,
    GEOMETRIC;

    /** The name in JSON, lower case. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rule named {@code label} in lower case, as JSON and query parameters name it. */
    public static Combine fromString(String label) {
        for (Combine v : values()) {
            if (v.value().equals(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException("is " + label + ", expected arithmetic or geometric");
    }
}
