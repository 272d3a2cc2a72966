package io.distill.softtarget.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.core.data.ClassFilter;
import io.distill.core.data.Datasets;
import io.distill.core.eval.Ensembles;
import io.distill.core.events.TransferSetManifest;
import io.distill.core.jobs.FieldException;
import io.distill.core.jobs.RequestFields;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /transfer-sets}, with every default filled in.
 *
 * @param teacherModelIds the teachers, by model id; empty when {@code teacherJobId} names them
 * @param teacherJobId    a teacher job whose whole ensemble is the teacher; null when ids are given
 * @param split           {@code train} (the training split without the validation hold-out),
 *                        {@code validation} or {@code test}
 * @param limit           only the first N examples after filtering; null for all
 * @param combine         how an ensemble's members are combined: {@code arithmetic} or {@code geometric}
 * @param plan            students and ensembles to start on this set, copied into its manifest
 */
public record TransferSetRequest(
        List<String> teacherModelIds,
        String teacherJobId,
        String dataset,
        String split,
        List<Integer> omitClasses,
        List<Integer> onlyClasses,
        Integer limit,
        String combine,
        JsonNode plan) {

    private static final Set<String> FIELDS = Set.of("teacherModelIds", "teacherJobId", "dataset", "split",
            "omitClasses", "onlyClasses", "limit", "combine", "plan");

    /** Reads a request body, filling defaults; a bad field throws {@link FieldException}. */
    public static TransferSetRequest parse(JsonNode body) {
        RequestFields f = RequestFields.of(body, FIELDS);
        TransferSetRequest request = new TransferSetRequest(
                f.texts("teacherModelIds", List.of()),
                f.text("teacherJobId", null),
                f.text("dataset", Datasets.MNIST),
                f.choice("split", "train", List.of("train", "validation", "test")),
                f.integers("omitClasses", List.of()),
                f.integers("onlyClasses", List.of()),
                f.optionalInteger("limit"),
                f.choice("combine", Ensembles.ARITHMETIC, List.of(Ensembles.ARITHMETIC, Ensembles.GEOMETRIC)),
                f.object("plan"));
        if (request.teacherModelIds.isEmpty() == (request.teacherJobId == null)) {
            throw new FieldException("teacherModelIds", "give either teacherModelIds (a non-empty list) or"
                    + " teacherJobId, not both and not neither");
        }
        if (request.limit != null && request.limit <= 0) {
            throw new FieldException("limit", "is " + request.limit + ", expected a positive number or null");
        }
        try {
            request.classFilter();
        } catch (IllegalArgumentException e) {
            throw FieldException.from(e);
        }
        return request;
    }

    /** The classes this set keeps. */
    public ClassFilter classFilter() {
        return ClassFilter.of(omitClasses, onlyClasses, Datasets.CLASSES);
    }

    /** The manifest's description of this set. */
    public TransferSetManifest.Filters filters() {
        return new TransferSetManifest.Filters(dataset, split, omitClasses, onlyClasses, limit, combine);
    }

    /** The same request without its plan: two requests that agree on this stream the same events. */
    public TransferSetRequest withoutPlan() {
        return new TransferSetRequest(teacherModelIds, teacherJobId, dataset, split, omitClasses, onlyClasses, limit,
                combine, null);
    }
}
