package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a classifier's output holds. Probabilities are taken as their logarithm, which a softmax at any
 * temperature treats as logits; log-probabilities already are such logits.
 */
public enum ModelOutputs {
    LOGITS,
    PROBABILITIES,
    LOG_PROBABILITIES;

    /** The name in JSON, lower case with a dash. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The value written {@code label}, as a query parameter gives it. */
    public static ModelOutputs fromString(String label) {
        for (ModelOutputs v : values()) {
            if (v.value().equals(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException("is " + label + ", expected logits, probabilities or log-probabilities");
    }
}
