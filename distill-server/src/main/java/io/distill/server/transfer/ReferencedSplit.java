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
 * @param examples     that split, as {@code DataSets} reads it (ids are positions in it)
 * @param augmentation the set's copies, jitter and seed, from which each copy's shift is drawn again
 */
public record ReferencedSplit(String dataset, String split, ExampleSet examples, Augmentation augmentation) {

    /**
     * The examples {@code exampleIds} names, in that order, copy {@code copies[i]} of each moved by the
     * shift {@link Copies#shift} draws for it: the very images a producer would have sent inline.
     */
    public ExampleSet rebuild(String name, int[] exampleIds, int[] copies) {
        ExampleSet picked = examples.select(name, exampleIds);
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
