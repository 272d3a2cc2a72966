package io.distill.core.data;

/**
 * Jittered copies of a transfer set's images: each example is followed by copies 1 to
 * {@code copies - 1} of itself, each translated by the {@link Translation#shiftOf} of (seed, example
 * id, copy), so the copies are the same however often the set is streamed. Copy 0 is the image itself.
 *
 * @param copies images per example, the original included; 1 is no augmentation
 * @param jitter the largest shift in pixels, each way; at least 1 when {@code copies > 1}
 * @param seed   keys the shifts together with the example id and the copy
 */
public record Augmentation(int copies, int jitter, long seed) {

    /** One copy, unmoved: the set as it is. */
    public static final Augmentation NONE = new Augmentation(1, 0, 1);

    public Augmentation {
        if (copies < 1) {
            throw new IllegalArgumentException("Copies is " + copies + ", expected 1 or more.");
        }
        if (jitter < 0) {
            throw new IllegalArgumentException("Jitter is " + jitter + " pixels, expected 0 or more.");
        }
        if (copies > 1 && jitter < 1) {
            throw new IllegalArgumentException("Jitter is 0 pixels with " + copies
                    + " copies, expected at least 1: unmoved copies would repeat the original.");
        }
    }

    /** The shift of copy {@code copy} of the example with id {@code exampleId}. */
    public Translation.Shift shift(int exampleId, int copy) {
        return new Translation(jitter).shiftOf(seed, exampleId, copy);
    }

    /** Which copy of its example position {@code position} of {@link #apply}'s result holds. */
    public int copyAt(int position) {
        return position % copies;
    }

    /**
     * Every image of {@code images} followed by its copies 1 to {@code copies - 1}: {@code copies} times
     * as many images, each with its example's id and label. With one copy, {@code images} itself.
     */
    public ImageSet apply(ImageSet images) {
        if (copies == 1) {
            return images;
        }
        int n = images.size();
        int features = images.features();
        byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(n, copies), features)];
        byte[] labels = new byte[n * copies];
        int[] ids = new int[n * copies];
        int[] original = new int[features];
        int[] moved = new int[features];
        for (int i = 0; i < n; i++) {
            images.copyPixels(i, original);
            for (int c = 0; c < copies; c++) {
                int at = i * copies + c;
                Translation.Shift s = shift(images.id(i), c);
                Translation.shift(original, moved, images.rows(), images.cols(), s.dx(), s.dy());
                for (int p = 0; p < features; p++) {
                    pixels[at * features + p] = (byte) moved[p];
                }
                labels[at] = (byte) images.label(i);
                ids[at] = images.id(i);
            }
        }
        return new ImageSet(images.name() + "x" + copies, images.rows(), images.cols(), images.classes(), pixels,
                labels, ids);
    }
}
