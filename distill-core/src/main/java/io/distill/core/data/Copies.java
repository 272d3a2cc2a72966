package io.distill.core.data;

import io.distill.contract.requests.Augmentation;

/** The jittered copies an {@link Augmentation} describes, made from the images of a transfer set. */
public final class Copies {

    private Copies() {}

    /** The shift of copy {@code copy} of the example with id {@code exampleId}. */
    public static Translation.Shift shift(Augmentation augmentation, int exampleId, int copy) {
        return new Translation(augmentation.jitter()).shiftOf(augmentation.seed(), exampleId, copy);
    }

    /**
     * Every image of {@code images} followed by its copies 1 to {@code copies - 1}: {@code copies} times
     * as many images, each with its example's id and label. With one copy, {@code images} itself.
     */
    public static ImageSet of(Augmentation augmentation, ImageSet images) {
        int copies = augmentation.copies();
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
                Translation.Shift s = shift(augmentation, images.id(i), c);
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
