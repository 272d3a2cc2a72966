package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The optimiser: SGD with momentum, or Adam. */
public enum Optimizer {
    SGD,
    ADAM;

    /** The name in JSON, lower case. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
