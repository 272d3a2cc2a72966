package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How the learning rate decays after warm-up. */
public enum Schedule {
    COSINE,
    EXPONENTIAL,
    CONSTANT;

    /** The name in JSON, lower case. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
