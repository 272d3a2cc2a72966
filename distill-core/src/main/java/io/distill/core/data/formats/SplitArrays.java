package io.distill.core.data.formats;

/**
 * One split as a reader found it: {@code count} examples in row-major order (images as channels x height
 * x width), and a class index for each. Exactly one of {@code bytes} and {@code floats} is set.
 *
 * @param bytes  uint8 features, or null
 * @param floats float32 features, or null
 * @param labels class indices, each in {@code [0, classes)}
 */
public record SplitArrays(byte[] bytes, float[] floats, int[] labels) {

    public SplitArrays {
        if ((bytes == null) == (floats == null)) {
            throw new IllegalArgumentException("A split holds either uint8 or float32 features, not "
                    + (bytes == null ? "neither." : "both."));
        }
    }

    /** Examples in the split. */
    public int count() {
        return labels.length;
    }
}
