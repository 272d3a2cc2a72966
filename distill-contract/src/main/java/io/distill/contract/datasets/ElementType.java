package io.distill.contract.datasets;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a registered set stores each feature value. */
public enum ElementType {
    /** Unsigned bytes 0..255, as images are stored; scaled to [0, 1] for the net. */
    UINT8("uint8", 1),
    /** 32-bit floats, as tabular features are stored. */
    FLOAT32("float32", 4);

    private final String label;
    private final int bytes;

    ElementType(String label, int bytes) {
        this.label = label;
        this.bytes = bytes;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** Bytes per value. */
    public int bytes() {
        return bytes;
    }
}
