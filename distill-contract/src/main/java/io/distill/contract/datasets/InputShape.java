package io.distill.contract.datasets;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * The shape of one example: a vector of features {@code [features]}, or an image {@code [channels, height,
 * width]}. Written in JSON as that array, for example {@code [1, 28, 28]} for an MNIST digit.
 *
 * @param dims the sizes, outermost first, each positive
 */
public record InputShape(List<Integer> dims) {

    /** A 28x28 grey image, MNIST's and Fashion-MNIST's shape. */
    public static final InputShape MNIST = image(1, 28, 28);

    @JsonCreator
    public InputShape {
        dims = dims == null ? null : List.copyOf(dims);
        if (dims == null || (dims.size() != 1 && dims.size() != 3)) {
            throw new IllegalArgumentException("Input shape is " + dims
                    + ", expected [features] for a vector or [channels, height, width] for an image.");
        }
        long features = 1;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("Input shape " + dims + " has a size of " + d
                        + ", expected positive sizes.");
            }
            features *= d;
        }
        if (features > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Input shape " + dims + " has " + features
                    + " features, expected at most " + Integer.MAX_VALUE + ".");
        }
    }

    /** A vector of {@code features} values. */
    public static InputShape vector(int features) {
        return new InputShape(List.of(features));
    }

    /** An image of {@code channels} planes of {@code height} x {@code width}. */
    public static InputShape image(int channels, int height, int width) {
        return new InputShape(List.of(channels, height, width));
    }

    @JsonValue
    @Override
    public List<Integer> dims() {
        return dims;
    }

    /** Whether examples are images, which convolutions and jitter need. */
    public boolean isImage() {
        return dims.size() == 3;
    }

    /** Values per example. */
    public int features() {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    public int channels() {
        return imageDim(0);
    }

    public int height() {
        return imageDim(1);
    }

    public int width() {
        return imageDim(2);
    }

    /** The shape as people write it: {@code 1x28x28} or {@code 64}. */
    public String label() {
        StringBuilder sb = new StringBuilder();
        for (int d : dims) {
            sb.append(sb.isEmpty() ? "" : "x").append(d);
        }
        return sb.toString();
    }

    private int imageDim(int i) {
        if (!isImage()) {
            throw new IllegalStateException("Input shape " + label() + " is a vector, which has no image sizes.");
        }
        return dims.get(i);
    }
}
