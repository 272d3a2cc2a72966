package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a student learns from: soft and hard targets (the paper's distillation), hard labels only (the baseline), or soft targets only. */
public enum StudentMode {
    DISTILL,
    HARD,
    SOFT;

    /** The name in JSON, lower case. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
