package io.distill.contract.events;

import io.distill.contract.records.Builder;
import java.util.Base64;

/**
 * One example of a transfer set on {@code soft-targets}; key: {@code <transferSetId>/<exampleId>}, or
 * {@code <transferSetId>/<exampleId>.<copy>} for a jittered copy.
 *
 * @param exampleId the example's index in its source file, stable across filters
 * @param copy      which copy of the example: 0 is the image itself (and what an event from a producer
 *                  older than copies means), 1 and up are translated copies of an augmented set
 * @param logits    the teacher's raw pre-softmax logits (for an ensemble, the log of the combined
 *                  probabilities) on these pixels; never divided by a temperature
 * @param features  base64 of the uint8 pixels, row-major, as translated for a copy
 * @param shape     the image shape, [28, 28] for MNIST
 */
@Builder
public record SoftTarget(String transferSetId, int exampleId, Integer copy, int label, float[] logits,
        String features, int[] shape) {

    public SoftTarget {
        copy = copy == null ? 0 : copy;
    }

    /** The record key of copy 0 of an example: transfer set and example, so consumers can deduplicate. */
    public static String key(String transferSetId, int exampleId) {
        return key(transferSetId, exampleId, 0);
    }

    /** The record key of one copy of an example; copy 0's is the key of a set without copies. */
    public static String key(String transferSetId, int exampleId, int copy) {
        return copy == 0 ? transferSetId + "/" + exampleId : transferSetId + "/" + exampleId + "." + copy;
    }

    public String key() {
        return key(transferSetId, exampleId, copy);
    }

    /** Encodes uint8 pixels for {@link #features}. */
    public static String encode(byte[] pixels) {
        return Base64.getEncoder().encodeToString(pixels);
    }

    /** Decodes {@link #features} (or any pixels {@link #encode} wrote) back to uint8 pixels. */
    public static byte[] decode(String features) {
        return Base64.getDecoder().decode(features);
    }

    /** The decoded uint8 pixels. */
    public byte[] pixels() {
        return decode(features);
    }
}
