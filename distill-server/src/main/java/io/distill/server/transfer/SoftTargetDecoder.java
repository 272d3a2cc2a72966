package io.distill.server.transfer;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.events.SoftTarget;
import io.distill.contract.json.Json;
import io.distill.core.data.ExampleSet;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Parses and checks the events of one transfer set against what its manifest says (form, copies,
 * classes, shape) and, for references, against the split they point into, then assembles the usable
 * ones into the set's images.
 */
final class SoftTargetDecoder {

    private static final List<String> SPLITS = List.of("train", "validation", "test");

    private final String transferSetId;
    private final int copies;
    private final int classes;
    private final InputShape shape;
    private final ReferencedSplit source;

    private SoftTargetDecoder(String transferSetId, int copies, int classes, InputShape shape,
            ReferencedSplit source) {
        this.transferSetId = transferSetId;
        this.copies = copies;
        this.classes = classes;
        this.shape = shape;
        this.source = source;
    }

    /** The decoder of a set whose events carry uint8 features of {@code shape} inline. */
    static SoftTargetDecoder inline(String transferSetId, int copies, int classes, InputShape shape) {
        return new SoftTargetDecoder(transferSetId, copies, classes, shape, null);
    }

    /** The decoder of a set whose events are references into {@code source}. */
    static SoftTargetDecoder reference(String transferSetId, ReferencedSplit source) {
        ExampleSet split = source.examples();
        return new SoftTargetDecoder(transferSetId, source.augmentation().copies(), split.classes(), split.shape(),
                source);
    }

    /** One usable event, as decoded: an example, or one jittered copy of it; {@code pixels} null for a reference. */
    record Example(int exampleId, int copy, int label, float[] logits, byte[] pixels) {

        /** Orders and deduplicates events by example, then copy. */
        long order() {
            return ((long) exampleId << 32) | copy;
        }
    }

    /** Why an event cannot be used. */
    static final class Unusable extends Exception {
        Unusable(String reason) {
            super(reason, null, false, false);
        }
    }

    int classes() {
        return classes;
    }

    /** The example a {@link SoftTarget} event's bytes under {@code key} hold, parsed and checked once. */
    Example decode(byte[] value, String key) throws Unusable {
        if (value == null) {
            throw new Unusable("empty value");
        }
        SoftTarget e;
        try {
            e = Json.mapper().readValue(value, SoftTarget.class);
        } catch (IOException bad) {
            throw new Unusable("not a SoftTarget: " + bad.getMessage());
        }
        if (e == null) {
            throw new Unusable("empty value");
        }
        if (!transferSetId.equals(e.transferSetId()) || !key.equals(e.key())) {
            throw new Unusable("key " + key + " does not match transferSetId/exampleId[.copy] " + e.key());
        }
        if (e.copy() < 0 || e.copy() >= copies) {
            throw new Unusable("copy " + e.copy() + " is not one of the set's " + copies + " (0 to " + (copies - 1)
                    + ")");
        }
        if (e.label() < 0 || e.label() >= classes) {
            throw new Unusable("label " + e.label() + " is not a class 0-" + (classes - 1));
        }
        float[] logits = logits(e);
        byte[] pixels = source == null ? inlinePixels(e) : checkReference(e);
        return new Example(e.exampleId(), e.copy(), e.label(), logits, pixels);
    }

    private float[] logits(SoftTarget e) throws Unusable {
        if (e.logits() != null && e.packedLogits() != null) {
            throw new Unusable("carries both logits and packedLogits");
        }
        float[] logits;
        try {
            logits = e.scores();
        } catch (IllegalArgumentException bad) {
            throw new Unusable("packedLogits are not base64 of float32 values: " + bad.getMessage());
        }
        if (logits == null || logits.length != classes) {
            throw new Unusable("logits hold " + (logits == null ? 0 : logits.length) + " values, expected "
                    + classes);
        }
        for (float v : logits) {
            if (!Float.isFinite(v)) {
                throw new Unusable("logits hold a non-finite value " + v);
            }
        }
        return logits;
    }

    private byte[] inlinePixels(SoftTarget e) throws Unusable {
        if (e.byReference()) {
            throw new Unusable("names its example (dataset " + e.dataset() + ", split " + e.split()
                    + ") but set " + transferSetId + " carries its features inline");
        }
        int[] expected = SoftTarget.eventShape(shape);
        if (!Arrays.equals(e.shape(), expected)) {
            throw new Unusable("shape is " + Arrays.toString(e.shape()) + ", expected " + Arrays.toString(expected));
        }
        byte[] pixels;
        try {
            pixels = e.pixels();
        } catch (IllegalArgumentException | NullPointerException bad) {
            throw new Unusable("features are not base64");
        }
        if (pixels.length != shape.features()) {
            throw new Unusable("features hold " + pixels.length + " pixels, expected " + shape.features());
        }
        return pixels;
    }

    private byte[] checkReference(SoftTarget e) throws Unusable {
        if (e.features() != null || e.shape() != null) {
            throw new Unusable("carries its features inline but set " + transferSetId + " holds references");
        }
        if (!source.dataset().equals(e.dataset())) {
            throw new Unusable("dataset " + e.dataset() + " is not the set's dataset " + source.dataset());
        }
        if (!SPLITS.contains(e.split())) {
            throw new Unusable("split " + e.split() + " is unknown, expected train, validation or test");
        }
        if (!source.split().equals(e.split())) {
            throw new Unusable("split " + e.split() + " is not the set's split " + source.split());
        }
        int at = source.position(e.exampleId());
        if (at < 0) {
            throw new Unusable("example id " + e.exampleId() + " is outside split " + e.split() + " of "
                    + e.dataset() + " (" + source.firstId() + " to " + (source.firstId() + source.examples().size() - 1)
                    + ")");
        }
        int label = source.examples().label(at);
        if (label != e.label()) {
            throw new Unusable("label " + e.label() + " is not the label " + label + " that example " + e.exampleId()
                    + " has in " + e.dataset() + "/" + e.split());
        }
        return null;
    }

    /** The images of {@code examples}, in their order: decoded pixels, or the referenced examples rebuilt. */
    ExampleSet images(Collection<Example> examples) {
        int n = examples.size();
        int[] labels = new int[n];
        int[] ids = new int[n];
        int[] copyOf = new int[n];
        int i = 0;
        for (Example e : examples) {
            labels[i] = e.label();
            ids[i] = e.exampleId();
            copyOf[i++] = e.copy();
        }
        if (source != null) {
            return source.rebuild(transferSetId, ids, copyOf);
        }
        int f = shape.features();
        byte[] pixels = new byte[Math.multiplyExact(n, f)];
        i = 0;
        for (Example e : examples) {
            System.arraycopy(e.pixels(), 0, pixels, i++ * f, f);
        }
        return ExampleSet.uint8(transferSetId, shape, classes, pixels, labels, ids);
    }
}
