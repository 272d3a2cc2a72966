package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a student's biases for the classes its transfer set lacks are raised after training, by the amount best on the validation split. */
public enum BiasAdjust {
    NONE,
    AUTO;

    /** The name in JSON, lower case. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
