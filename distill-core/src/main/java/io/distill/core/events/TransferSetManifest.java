package io.distill.core.events;

import io.distill.core.requests.TransferSetPlan;
import java.util.List;
import java.util.Map;

/**
 * Closes a transfer set on {@code transfer-sets}; key: the transfer set id.
 *
 * @param state       {@code COMPLETE} or {@code FAILED}, as {@link TransferSetState}
 * @param count       events published
 * @param classCounts events per class
 * @param offsets     per partition (as a string key), the first and last offset of this set's events
 * @param error       why the set failed; null when complete
 * @param plan        the plan part for this set (its {@code students} and {@code ensembles}), or null
 */
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
        TransferSetPlan plan) {

    /** What the set holds: which data, which split and which classes. */
    public record Filters(String dataset, String split, List<Integer> omitClasses, List<Integer> onlyClasses,
            Integer limit, String combine) {}
}
