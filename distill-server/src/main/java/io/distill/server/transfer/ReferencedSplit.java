package io.distill.server.transfer;

import io.distill.contract.requests.Augmentation;
import io.distill.core.data.Copies;
import io.distill.core.data.ExampleSet;

/**
 * The split that the reference events of a transfer set point into, and the copies its manifest
 * describes: what a reader needs to check a reference and to rebuild the examples it names.
 *
 * @param dataset      the data set as events name it: a registered set's id, or a built-in set's name
 * @param split        {@code train}, {@code validation} or {@code test}
 * @param examples     that split, as {@code DataSets} reads it: consecutive ids, from 0 for a registered
 *                     set's split, from its first index in the file for a built-in one (MNIST's
 *                     validation split holds ids 55,000 to 59,999)
 * @param augmentation the set's copies, jitter and seed, from which each copy's shift is drawn again
 */
public record ReferencedSplit(String dataset, String split, ExampleSet examples, Augmentation augmentation) {

    public ReferencedSplit {
        for (int i = 0; i < examples.size(); i++) {
            if (examples.id(i) != examples.id(0) + i) {
                throw new IllegalArgumentException("Split " + split + " of " + dataset + " has id " + examples.id(i)
                        + " at position " + i + ", expected consecutive ids from " + examples.id(0) + ".");
            }
        }
    }

    /** The smallest example id in the split. */
    public int firstId() {
        return examples.size() == 0 ? 0 : examples.id(0);
    }

    /** Where example {@code exampleId} is in the split, or -1 when the split has no such example. */
    public int position(int exampleId) {
        long at = (long) exampleId - firstId();
        return at >= 0 && at < examples.size() ? (int) at : -1;
    }

    /**
     * The examples {@code exampleIds} names, in that order, copy {@code copies[i]} of each moved by the
     * shift {@link Copies#shift} draws for it: the very images a producer would have sent inline.
     */
    public ExampleSet rebuild(String name, int[] exampleIds, int[] copies) {
        int[] positions = new int[exampleIds.length];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = position(exampleIds[i]);
        }
        ExampleSet picked = examples.select(name, positions);
        boolean moved = false;
        for (int copy : copies) {
            moved |= copy > 0;
        }
        if (!moved || augmentation.jitter() == 0) {
            return picked;
        }
        return picked.translated(name, i -> Copies.shift(augmentation, exampleIds[i], copies[i]));
    }
}
