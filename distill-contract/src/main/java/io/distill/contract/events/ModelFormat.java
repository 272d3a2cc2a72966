package io.distill.contract.events;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a model's artifact is: DJL's parameters of a net its metadata describes, or a whole ONNX model. */
public enum ModelFormat {
    /** DJL's parameter file; the metadata's architecture rebuilds the net. A model trained here. */
    DJL,
    /** An ONNX model, net and weights; run by ONNX Runtime. A model trained elsewhere and imported. */
    ONNX;

    /** The name in JSON, lower case. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
