package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which split of a data set: the training split without the validation hold-out, the hold-out, or the test split. */
public enum Split {
    TRAIN,
    VALIDATION,
    TEST;

    /** The name in JSON, lower case. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
