package io.distill.core.data;

import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.requests.ClassFilter;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * An immutable in-memory set of labelled examples, each with a stable example id.
 *
 * <p>Examples are uint8 (images, scaled to [0, 1] when batched) or float32 (features the net takes as
 * they are), in row-major order, an image as channels x height x width. The id is the example's index in
 * the split it came from, so that a filtered or limited subset still names every example the same way
 * (the soft-target stream keys on it).
 */
public final class ExampleSet {

    private final String name;
    private final InputShape shape;
    private final int classes;
    private final byte[] bytes;
    private final float[] floats;
    private final int[] labels;
    private final int[] ids;

    private ExampleSet(String name, InputShape shape, int classes, byte[] bytes, float[] floats, int[] labels,
            int[] ids) {
        int size = labels.length;
        long values = (long) size * shape.features();
        int held = bytes != null ? bytes.length : floats.length;
        if (held != values) {
            throw new IllegalArgumentException("Example set " + name + " has " + held + " values for " + size
                    + " labels of " + shape.label() + ", expected " + values + ".");
        }
        if (ids.length != size) {
            throw new IllegalArgumentException("Example set " + name + " has " + ids.length + " ids for " + size
                    + " labels.");
        }
        for (int i = 0; i < size; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("Example set " + name + " has label " + labels[i]
                        + " at example " + ids[i] + ", expected a class from 0 to " + (classes - 1) + ".");
            }
        }
        this.name = name;
        this.shape = shape;
        this.classes = classes;
        this.bytes = bytes;
        this.floats = floats;
        this.labels = labels;
        this.ids = ids;
    }

    /** A set of uint8 examples. */
    public static ExampleSet uint8(String name, InputShape shape, int classes, byte[] values, int[] labels,
            int[] ids) {
        return new ExampleSet(name, shape, classes, values, null, labels, ids);
    }

    /** A set of float32 examples. */
    public static ExampleSet float32(String name, InputShape shape, int classes, float[] values, int[] labels,
            int[] ids) {
        return new ExampleSet(name, shape, classes, null, values, labels, ids);
    }

    /** Ids 0..n-1, as a split read from its file has. */
    public static int[] sequentialIds(int n) {
        int[] ids = new int[n];
        Arrays.setAll(ids, i -> i);
        return ids;
    }

    public String name() {
        return name;
    }

    public int size() {
        return labels.length;
    }

    public InputShape shape() {
        return shape;
    }

    public ElementType type() {
        return bytes != null ? ElementType.UINT8 : ElementType.FLOAT32;
    }

    /** Values per example. */
    public int features() {
        return shape.features();
    }

    /** The number of classes labels are drawn from (10 for MNIST), not the number present. */
    public int classes() {
        return classes;
    }

    public int label(int index) {
        return labels[index];
    }

    public int id(int index) {
        return ids[index];
    }

    /** Copies uint8 example {@code index} into {@code dest} as values 0..255. */
    public void copyPixels(int index, int[] dest) {
        requireUint8();
        int offset = index * features();
        for (int i = 0; i < features(); i++) {
            dest[i] = Byte.toUnsignedInt(bytes[offset + i]);
        }
    }

    /** The raw bytes of uint8 example {@code index}, a copy. */
    public byte[] pixels(int index) {
        requireUint8();
        return Arrays.copyOfRange(bytes, index * features(), (index + 1) * features());
    }

    /** Copies float32 example {@code index} into {@code dest}. */
    public void copyFloats(int index, float[] dest) {
        if (floats == null) {
            throw new IllegalStateException("Example set " + name + " holds uint8 values, not floats.");
        }
        System.arraycopy(floats, index * features(), dest, 0, features());
    }

    /** How many examples of each class the set holds. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The examples at {@code from} (inclusive) to {@code to} (exclusive), keeping their ids. */
    public ExampleSet range(String newName, int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("Range [" + from + ", " + to + ") is outside example set " + name
                    + " of " + size() + " examples.");
        }
        int f = features();
        return new ExampleSet(newName, shape, classes,
                bytes == null ? null : Arrays.copyOfRange(bytes, from * f, to * f),
                floats == null ? null : Arrays.copyOfRange(floats, from * f, to * f),
                Arrays.copyOfRange(labels, from, to),
                Arrays.copyOfRange(ids, from, to));
    }

    /** This set followed by {@code other}, which must have its shape, classes and element type. */
    public ExampleSet concat(String newName, ExampleSet other) {
        if (!shape.equals(other.shape) || classes != other.classes || type() != other.type()) {
            throw new IllegalArgumentException("Example set " + other.name + " (" + other.shape + ", " + other.classes
                    + " classes, " + other.type() + ") cannot follow " + name + " (" + shape + ", " + classes
                    + " classes, " + type() + ").");
        }
        return new ExampleSet(newName, shape, classes, bytes == null ? null : joined(bytes, other.bytes),
                floats == null ? null : joined(floats, other.floats), joined(labels, other.labels),
                joined(ids, other.ids));
    }

    private static byte[] joined(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static float[] joined(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] joined(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The first {@code n} examples; the set itself when it has no more than that. */
    public ExampleSet limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Limit is " + n + ", expected zero or more examples.");
        }
        return n >= size() ? this : range(name + "[:" + n + "]", 0, n);
    }

    /** The examples whose class the filter keeps, in their original order. */
    public ExampleSet filter(ClassFilter filter) {
        if (filter.keepsAll()) {
            return this;
        }
        int kept = 0;
        int[] index = new int[size()];
        for (int i = 0; i < size(); i++) {
            if (filter.keeps(label(i))) {
                index[kept++] = i;
            }
        }
        return select(name + filter.suffix(), Arrays.copyOf(index, kept));
    }

    /** The examples at the given positions, in that order. */
    public ExampleSet select(String newName, int[] positions) {
        return relabel(newName, positions, classes, labels);
    }

    /**
     * The examples at the given positions, in that order, with the labels {@code newLabels} (indexed like
     * this set) drawn from {@code newClasses} classes: a specialist's view of its classes and dustbin.
     */
    public ExampleSet relabel(String newName, int[] positions, int newClasses, int[] newLabels) {
        int f = features();
        byte[] b = bytes == null ? null : new byte[positions.length * f];
        float[] v = floats == null ? null : new float[positions.length * f];
        int[] l = new int[positions.length];
        int[] d = new int[positions.length];
        for (int k = 0; k < positions.length; k++) {
            int i = positions[k];
            if (b != null) {
                System.arraycopy(bytes, i * f, b, k * f, f);
            } else {
                System.arraycopy(floats, i * f, v, k * f, f);
            }
            l[k] = newLabels[i];
            d[k] = ids[i];
        }
        return new ExampleSet(newName, shape, newClasses, b, v, l, d);
    }

    /** Each image moved by the shift {@code shiftOf} gives for its position. */
    public ExampleSet translated(String newName, IntFunction<Translation.Shift> shiftOf) {
        int f = features();
        if (bytes != null) {
            byte[] moved = new byte[bytes.length];
            int[] from = new int[f];
            int[] to = new int[f];
            for (int i = 0; i < size(); i++) {
                copyPixels(i, from);
                Translation.shift(from, to, shape, shiftOf.apply(i));
                for (int p = 0; p < f; p++) {
                    moved[i * f + p] = (byte) to[p];
                }
            }
            return new ExampleSet(newName, shape, classes, moved, null, labels, ids);
        }
        float[] moved = new float[floats.length];
        float[] from = new float[f];
        float[] to = new float[f];
        for (int i = 0; i < size(); i++) {
            copyFloats(i, from);
            Translation.shift(from, to, shape, shiftOf.apply(i));
            System.arraycopy(to, 0, moved, i * f, f);
        }
        return new ExampleSet(newName, shape, classes, null, moved, labels, ids);
    }

    private void requireUint8() {
        if (bytes == null) {
            throw new IllegalStateException("Example set " + name + " holds float32 values, not uint8 pixels.");
        }
    }

    @Override
    public String toString() {
        return name + " (" + size() + " examples of " + shape.label() + " " + type().label() + ")";
    }
}
