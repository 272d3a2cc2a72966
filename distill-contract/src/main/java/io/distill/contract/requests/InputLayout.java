package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a model's input tensor holds an example: channels first, channels last, or flat. */
public enum InputLayout {
    /** (batch, channels, height, width); (batch, features) for vectors. */
    NCHW,
    /** (batch, height, width, channels); (batch, features) for vectors. */
    NHWC,
    /** (batch, values), the values in channel, row, column order. */
    FLAT;

    /** The name in JSON, lower case. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value written {@code label}, as a query parameter gives it. */
    public static InputLayout fromString(String label) {
        for (InputLayout v : values()) {
            if (v.value().equals(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException("is " + label + ", expected nchw, nhwc or flat");
    }
}
