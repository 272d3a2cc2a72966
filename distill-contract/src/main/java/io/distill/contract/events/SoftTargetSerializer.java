package io.distill.contract.events;

import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a {@link SoftTarget} as the same JSON that {@link JsonSerializer} writes, straight into a
 * byte array, without Jackson's generic record path.
 *
 * <p>Soft targets are the one event sent tens of thousands of times a second. The fields are fixed,
 * the strings are ids and base64, and the pixels and packed logits can be encoded from the raw values
 * without first building the event's base64 strings. Absent fields are left out, as the record's
 * {@code NON_NULL} components tell Jackson to. Consumers read the bytes with Jackson as before; a test
 * checks that both writers agree.
 */
public class SoftTargetSerializer implements Serializer<SoftTarget> {

    private static final byte[] SET = JsonBytes.literal("{\"transferSetId\":");
    private static final byte[] DATASET = JsonBytes.literal(",\"dataset\":");
    private static final byte[] SPLIT = JsonBytes.literal(",\"split\":");
    private static final byte[] EXAMPLE = JsonBytes.literal(",\"exampleId\":");
    private static final byte[] COPY = JsonBytes.literal(",\"copy\":");
    private static final byte[] LABEL = JsonBytes.literal(",\"label\":");
    private static final byte[] LOGITS = JsonBytes.literal(",\"logits\":");
    private static final byte[] PACKED_LOGITS = JsonBytes.literal(",\"packedLogits\":");
    private static final byte[] FEATURES = JsonBytes.literal(",\"features\":");
    private static final byte[] SHAPE = JsonBytes.literal(",\"shape\":");

    @Override
    public byte[] serialize(String topic, SoftTarget e) {
        if (e == null) {
            return null;
        }
        int logits = e.logits() == null ? 0 : e.logits().length;
        JsonBytes out = head(e.transferSetId(), e.dataset(), e.split(), e.exampleId(), e.copy(), e.label(),
                16 * logits + length(e.packedLogits()) + length(e.features()));
        if (e.logits() != null) {
            out.put(LOGITS).floats(e.logits(), 0, logits);
        }
        if (e.packedLogits() != null) {
            out.put(PACKED_LOGITS).string(e.packedLogits());
        }
        if (e.features() != null) {
            out.put(FEATURES).string(e.features());
        }
        if (e.shape() != null) {
            out.put(SHAPE).ints(e.shape());
        }
        return out.put('}').bytes();
    }

    /**
     * The JSON of copy {@code copy} of one example sent inline, built from its parts: {@code count}
     * logits from {@code logits[from]} (packed above {@link SoftTarget#PACKED_LOGITS_ABOVE}), and the
     * raw uint8 {@code pixels}, base64-encoded here.
     */
    public static byte[] write(String transferSetId, int exampleId, int copy, int label, float[] logits, int from,
            int count, byte[] pixels, int[] shape) {
        JsonBytes out = head(transferSetId, null, null, exampleId, copy, label,
                16 * count + (pixels == null ? 0 : 4 * ((pixels.length + 2) / 3) + 2));
        logits(out, logits, from, count);
        if (pixels != null) {
            out.put(FEATURES).base64(pixels);
        }
        if (shape != null) {
            out.put(SHAPE).ints(shape);
        }
        return out.put('}').bytes();
    }

    /**
     * The JSON of copy {@code copy} of example {@code exampleId} of {@code dataset}'s {@code split}, sent
     * as a reference: {@code count} logits from {@code logits[from]}, packed above
     * {@link SoftTarget#PACKED_LOGITS_ABOVE}.
     */
    public static byte[] reference(String transferSetId, String dataset, String split, int exampleId, int copy,
            int label, float[] logits, int from, int count) {
        JsonBytes out = head(transferSetId, dataset, split, exampleId, copy, label, 16 * count);
        logits(out, logits, from, count);
        return out.put('}').bytes();
    }

    private static JsonBytes head(String transferSetId, String dataset, String split, int exampleId, int copy,
            int label, int rest) {
        JsonBytes out = new JsonBytes(160 + rest + 2 * (length(transferSetId) + length(dataset) + length(split)));
        out.put(SET).string(transferSetId);
        if (dataset != null) {
            out.put(DATASET).string(dataset);
        }
        if (split != null) {
            out.put(SPLIT).string(split);
        }
        out.put(EXAMPLE).ascii(Integer.toString(exampleId));
        out.put(COPY).ascii(Integer.toString(copy));
        return out.put(LABEL).ascii(Integer.toString(label));
    }

    private static void logits(JsonBytes out, float[] logits, int from, int count) {
        if (logits == null) {
            return;
        }
        if (SoftTarget.packs(count)) {
            out.put(PACKED_LOGITS).base64(SoftTarget.packBytes(logits, from, count));
        } else {
            out.put(LOGITS).floats(logits, from, count);
        }
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
