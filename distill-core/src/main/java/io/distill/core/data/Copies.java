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
    public static ExampleSet of(Augmentation augmentation, ExampleSet images) {
        int copies = augmentation.copies();
        if (copies == 1) {
            return images;
        }
        int n = images.size();
        int[] positions = new int[Math.multiplyExact(n, copies)];
        for (int at = 0; at < positions.length; at++) {
            positions[at] = at / copies;
        }
        ExampleSet repeated = images.select(images.name() + "x" + copies, positions);
        return repeated.translated(repeated.name(), at -> shift(augmentation, repeated.id(at), at % copies));
    }
}
