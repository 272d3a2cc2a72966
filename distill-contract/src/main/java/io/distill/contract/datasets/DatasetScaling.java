package io.distill.contract.datasets;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a registered set's stored values become a net's inputs, fixed at registration and recorded in its
 * manifest. The default recipes were tuned on MNIST's pixels in [0, 1], so float features go there too
 * unless the user asks for standardisation.
 */
public enum DatasetScaling {
    /** uint8 values / 255: images, as the paper's nets take them. The only scaling of a uint8 set. */
    UNIT("unit"),
    /**
     * float32 values less the training split's minimum, over its range, per feature: the training split
     * in [0, 1], as MNIST's pixels. The default for float32 sets.
     */
    MINMAX("minmax"),
    /** float32 values less the training split's mean, over its standard deviation, per feature. */
    STANDARD("standard");

    private final String label;

    DatasetScaling(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** The scaling written {@code label}, as a query parameter gives it. */
    public static DatasetScaling fromString(String label) {
        for (DatasetScaling scaling : values()) {
            if (scaling.label.equals(label)) {
                return scaling;
            }
        }
        throw new IllegalArgumentException("is " + label + ", expected minmax or standard (float sets) or unit (images)");
    }

    /** The scaling a set of {@code type} takes when its registration asks for none. */
    public static DatasetScaling defaultFor(ElementType type) {
        return type == ElementType.UINT8 ? UNIT : MINMAX;
    }

    /** Whether a set of {@code type} can be scaled this way. */
    public boolean fits(ElementType type) {
        return (this == UNIT) == (type == ElementType.UINT8);
    }
}
