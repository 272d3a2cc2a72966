package io.distill.contract.events;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.records.Builder;
import io.distill.contract.requests.Augmentation;
import io.distill.contract.requests.TransferSetPlan;
import io.distill.contract.requests.TransferSetRequest;
import java.util.List;
import java.util.Map;

/**
 * Closes a transfer set on {@code transfer-sets}; key: the transfer set id.
 *
 * @param state       {@code COMPLETE} or {@code FAILED}, as {@link TransferSetState}
 * @param count       events published: examples times {@code filters.copies}
 * @param classCounts events per class, one entry for each class of the data set (so its length is the
 *                    set's class count)
 * @param offsets     per partition (as a string key), the first and last offset of this set's events
 * @param error       why the set failed; null when complete
 * @param plan        the plan part for this set (its {@code students} and {@code ensembles}), or null
 * @param generation  1 for the set's first stream; each re-stream of an expired set (same id, same
 *                    teachers, data and filters, new offsets) counts one up. A manifest from a producer
 *                    older than generations reads as 1
 * @param restreamUri where a consumer that finds the set expired asks for it again
 *                    ({@code POST /transfer-sets/{id}/restream} of soft-target-service), or null
 * @param features    how its events carry their examples ({@link FeatureForm}): inline, or as references
 *                    to {@code filters.dataset}; a manifest from a producer older than references reads
 *                    as inline
 * @param shape       one example's shape, as the data set has it; a manifest from a producer older than
 *                    shapes reads as MNIST's [1, 28, 28]
 */
@Builder
public record TransferSetManifest(
        String transferSetId,
        TransferSetState state,
        long count,
        int[] classCounts,
        List<String> teacherModelIds,
        Filters filters,
        String topic,
        Map<String, long[]> offsets,
        String error,
        TransferSetPlan plan,
        Integer generation,
        String restreamUri,
        FeatureForm features,
        InputShape shape) {

    public TransferSetManifest {
        generation = generation == null ? 1 : generation;
        features = features == null ? FeatureForm.INLINE : features;
        shape = shape == null ? InputShape.MNIST : shape;
    }

    /** The set's class count: the length of {@code classCounts}, or MNIST's 10 when a manifest has none. */
    public int classes() {
        return classCounts == null ? 10 : classCounts.length;
    }

    /**
     * What the set holds: which data, which split and which classes, and how many jittered copies of each
     * example. A manifest from a producer older than copies reads as one copy, unmoved.
     *
     * @param copies      events per example, the original included
     * @param jitter      the largest shift of a copy, in pixels each way
     * @param augmentSeed keys the copies' shifts, with the example id and the copy
     */
    @Builder
    public record Filters(String dataset, String split, List<Integer> omitClasses, List<Integer> onlyClasses,
            Integer limit, String combine, Integer copies, Integer jitter, Long augmentSeed) {

        public Filters {
            copies = copies == null ? Augmentation.NONE.copies() : copies;
            jitter = jitter == null ? Augmentation.NONE.jitter() : jitter;
            augmentSeed = augmentSeed == null ? Augmentation.NONE.seed() : augmentSeed;
        }

        /** The description of the set that completed request {@code r} streams. */
        public static Filters of(TransferSetRequest r) {
            return TransferSetManifestFiltersBuilder.builder().dataset(r.dataset()).split(r.split().value())
                    .omitClasses(r.omitClasses()).onlyClasses(r.onlyClasses()).limit(r.limit().orElse(null))
                    .combine(r.combine().value()).copies(r.copies()).jitter(r.jitter()).augmentSeed(r.augmentSeed())
                    .build();
        }

        /** The copies these filters describe, as the reader of a reference set draws their shifts again. */
        public Augmentation augmentation() {
            return new Augmentation(copies, jitter, augmentSeed);
        }
    }
}
