package io.distill.contract.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.records.Builder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * One example of a transfer set on {@code soft-targets}; key: {@code <transferSetId>/<exampleId>}, or
 * {@code <transferSetId>/<exampleId>.<copy>} for a jittered copy.
 *
 * <p>An event has one of two forms, which its set's manifest names ({@link FeatureForm}): inline, with
 * the uint8 {@code features} and their {@code shape}; or a reference, with the {@code dataset} and
 * {@code split} its example is read from. Its logits are a JSON array up to {@link #PACKED_LOGITS_ABOVE}
 * classes and {@code packedLogits} above, so no event of a 20,000-class set comes near Kafka's 1 MB
 * limit. Absent fields are left out of the JSON.
 *
 * @param dataset      a reference's data set, by id ({@code ds-...}) or built-in name ({@code mnist}); null inline
 * @param split        a reference's split: {@code train}, {@code validation} or {@code test}; null inline
 * @param exampleId    the example's id in its split, stable across filters: its index in the split of a
 *                     registered set, its index in the file of a built-in one (MNIST's validation
 *                     split holds ids 55,000 to 59,999)
 * @param copy         which copy of the example: 0 is the example itself (and what an event from a producer
 *                     older than copies means), 1 and up are translated copies of an augmented set, whose
 *                     shift a reference's reader draws again from the manifest's {@code augmentSeed}
 * @param logits       the teacher's raw pre-softmax logits (for an ensemble, the log of the combined
 *                     probabilities) on these features; never divided by a temperature. Null when packed
 * @param packedLogits the same logits as base64 of little-endian float32 values, above
 *                     {@link #PACKED_LOGITS_ABOVE} classes; null otherwise
 * @param features     base64 of the uint8 pixels, row-major, as translated for a copy; null for a reference
 * @param shape        the example's shape: [height, width] for one channel ([28, 28] for MNIST),
 *                     [channels, height, width] for more, [features] for a vector; null for a reference
 */
@Builder
public record SoftTarget(
        String transferSetId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String dataset,
        @JsonInclude(JsonInclude.Include.NON_NULL) String split,
        int exampleId,
        Integer copy,
        int label,
        @JsonInclude(JsonInclude.Include.NON_NULL) float[] logits,
        @JsonInclude(JsonInclude.Include.NON_NULL) String packedLogits,
        @JsonInclude(JsonInclude.Include.NON_NULL) String features,
        @JsonInclude(JsonInclude.Include.NON_NULL) int[] shape) {

    /** Above this many classes, logits are packed: 10 classes stay a readable JSON array. */
    public static final int PACKED_LOGITS_ABOVE = 100;

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

    /** Whether this event names its example instead of carrying it. */
    public boolean byReference() {
        return dataset != null || split != null;
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

    /** Whether a set of {@code classes} classes sends its logits packed. */
    public static boolean packs(int classes) {
        return classes > PACKED_LOGITS_ABOVE;
    }

    /** The raw little-endian float32 bytes of {@code count} logits from {@code logits[from]}. */
    public static byte[] packBytes(float[] logits, int from, int count) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            buffer.putFloat(logits[from + i]);
        }
        return buffer.array();
    }

    /** Encodes logits for {@link #packedLogits}. */
    public static String pack(float[] logits) {
        return Base64.getEncoder().encodeToString(packBytes(logits, 0, logits.length));
    }

    /** Decodes {@link #packedLogits}; throws {@link IllegalArgumentException} unless it is base64 of float32 values. */
    public static float[] unpack(String packed) {
        byte[] raw = Base64.getDecoder().decode(packed);
        if (raw.length % 4 != 0) {
            throw new IllegalArgumentException("Packed logits hold " + raw.length
                    + " bytes, expected a multiple of 4 (little-endian float32 values).");
        }
        float[] logits = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(logits);
        return logits;
    }

    /** The logits, whichever way they were sent; null when neither is. */
    public float[] scores() {
        return logits != null ? logits : packedLogits == null ? null : unpack(packedLogits);
    }

    /** The {@link #shape} an inline event of {@code input} carries: a single channel's plane is [height, width]. */
    public static int[] eventShape(InputShape input) {
        if (input.isImage() && input.channels() == 1) {
            return new int[] {input.height(), input.width()};
        }
        return input.dims().stream().mapToInt(Integer::intValue).toArray();
    }
}
