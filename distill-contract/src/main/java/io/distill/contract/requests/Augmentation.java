package io.distill.contract.requests;

/**
 * Jittered copies of a transfer set's images: each example is followed by copies 1 to
 * {@code copies - 1} of itself, each translated by the {@code Translation.shiftOf} of (seed, example
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

    /** Which copy of its example position {@code position} of {@code Copies.of}'s result holds. */
    public int copyAt(int position) {
        return position % copies;
    }
}
