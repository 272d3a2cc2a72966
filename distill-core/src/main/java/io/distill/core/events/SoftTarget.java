package io.distill.core.events;

import java.util.Base64;

/**
 * One example of a transfer set on {@code soft-targets}; key: {@code <transferSetId>/<exampleId>}.
 *
 * @param exampleId the example's index in its source file, stable across filters
 * @param logits    the teacher's raw pre-softmax logits (for an ensemble, the log of the combined
 *                  probabilities); never divided by a temperature
 * @param features  base64 of the uint8 pixels, row-major
 * @param shape     the image shape, [28, 28] for MNIST
 */
public record SoftTarget(String transferSetId, int exampleId, int label, float[] logits, String features, int[] shape) {

    /** The record key: transfer set and example, so consumers can deduplicate. */
    public static String key(String transferSetId, int exampleId) {
        return transferSetId + "/" + exampleId;
    }

    public String key() {
        return key(transferSetId, exampleId);
    }

    /** Encodes uint8 pixels for {@link #features}. */
    public static String encode(byte[] pixels) {
        return Base64.getEncoder().encodeToString(pixels);
    }

    /** The decoded uint8 pixels. */
    public byte[] pixels() {
        return Base64.getDecoder().decode(features);
    }
}
