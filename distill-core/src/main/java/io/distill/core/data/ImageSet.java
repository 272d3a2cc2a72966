package io.distill.core.data;

import io.distill.contract.requests.ClassFilter;
import java.util.Arrays;

/**
 * An immutable in-memory set of labelled uint8 images, each with a stable example id.
 *
 * <p>The id is the example's index in the file it came from, so that a filtered or limited
 * subset still names every example the same way (the soft-target stream keys on it).
 */
public final class ImageSet {

    private final String name;
    private final int rows;
    private final int cols;
    private final int classes;
    private final byte[] pixels;
    private final byte[] labels;
    private final int[] ids;

    public ImageSet(String name, int rows, int cols, int classes, byte[] pixels, byte[] labels, int[] ids) {
        int size = labels.length;
        if (pixels.length != (long) size * rows * cols) {
            throw new IllegalArgumentException("Image set " + name + " has " + pixels.length + " pixel bytes for "
                    + size + " labels of " + rows + "x" + cols + ", expected " + (long) size * rows * cols + ".");
        }
        if (ids.length != size) {
            throw new IllegalArgumentException("Image set " + name + " has " + ids.length + " ids for " + size + " labels.");
        }
        for (int i = 0; i < size; i++) {
            if (Byte.toUnsignedInt(labels[i]) >= classes) {
                throw new IllegalArgumentException("Image set " + name + " has label " + Byte.toUnsignedInt(labels[i])
                        + " at example " + ids[i] + ", expected a class below " + classes + ".");
            }
        }
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.classes = classes;
        this.pixels = pixels;
        this.labels = labels;
        this.ids = ids;
    }

    /** A set whose ids are 0..n-1, as read from a file. */
    public static ImageSet of(String name, int rows, int cols, int classes, byte[] pixels, byte[] labels) {
        int[] ids = new int[labels.length];
        Arrays.setAll(ids, i -> i);
        return new ImageSet(name, rows, cols, classes, pixels, labels, ids);
    }

    public String name() {
        return name;
    }

    public int size() {
        return labels.length;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Pixels per image. */
    public int features() {
        return rows * cols;
    }

    /** The number of classes labels are drawn from (10 for MNIST), not the number present. */
    public int classes() {
        return classes;
    }

    public int label(int index) {
        return Byte.toUnsignedInt(labels[index]);
    }

    public int id(int index) {
        return ids[index];
    }

    /** Copies image {@code index} into {@code dest} as unsigned values 0..255. */
    public void copyPixels(int index, int[] dest) {
        int offset = index * features();
        for (int i = 0; i < features(); i++) {
            dest[i] = Byte.toUnsignedInt(pixels[offset + i]);
        }
    }

    /** The raw uint8 pixels of image {@code index}, a copy. */
    public byte[] pixels(int index) {
        return Arrays.copyOfRange(pixels, index * features(), (index + 1) * features());
    }

    /** How many examples of each class the set holds. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (byte label : labels) {
            counts[Byte.toUnsignedInt(label)]++;
        }
        return counts;
    }

    /** The examples at {@code from} (inclusive) to {@code to} (exclusive), keeping their ids. */
    public ImageSet range(String newName, int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("Range [" + from + ", " + to + ") is outside image set " + name
                    + " of " + size() + " examples.");
        }
        return new ImageSet(newName, rows, cols, classes,
                Arrays.copyOfRange(pixels, from * features(), to * features()),
                Arrays.copyOfRange(labels, from, to),
                Arrays.copyOfRange(ids, from, to));
    }

    /** The first {@code n} examples; the set itself when it has no more than that. */
    public ImageSet limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Limit is " + n + ", expected zero or more examples.");
        }
        return n >= size() ? this : range(name + "[:" + n + "]", 0, n);
    }

    /** The examples whose class the filter keeps, in their original order. */
    public ImageSet filter(ClassFilter filter) {
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
    public ImageSet select(String newName, int[] positions) {
        int f = features();
        byte[] p = new byte[positions.length * f];
        byte[] l = new byte[positions.length];
        int[] d = new int[positions.length];
        for (int k = 0; k < positions.length; k++) {
            int i = positions[k];
            System.arraycopy(pixels, i * f, p, k * f, f);
            l[k] = labels[i];
            d[k] = ids[i];
        }
        return new ImageSet(newName, rows, cols, classes, p, l, d);
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images of " + rows + "x" + cols + ")";
    }
}
