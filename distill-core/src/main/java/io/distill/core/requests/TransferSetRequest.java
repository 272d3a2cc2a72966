package io.distill.core.requests;

import io.distill.core.data.ClassFilter;
import io.distill.core.data.Datasets;
import io.distill.core.events.TransferSetManifest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /transfer-sets}: a teacher's (or an ensemble's) logits over a data set. The teachers
 * are required; every other field is optional, and {@link #withDefaults()} fills in the contract's
 * defaults.
 *
 * @param teacherModelIds the teachers, by model id; give these or {@code teacherJobId}
 * @param teacherJobId    a teacher job whose whole ensemble is the teacher
 * @param split           which split of the data set
 * @param omitClasses     classes left out of the set (the paper's "3s omitted")
 * @param onlyClasses     the only classes kept (the paper's "only 7s and 8s")
 * @param limit           only the first N examples after filtering; {@code null}: all
 * @param combine         how an ensemble's members are combined
 * @param plan            students and ensembles to start on this set, copied into its manifest
 */
@CrossField
public record TransferSetRequest(
        List<@NotBlank String> teacherModelIds,
        String teacherJobId,
        @Pattern(regexp = Datasets.NAME_PATTERN, message = "must be mnist or fashion-mnist")
        @Schema(enumeration = {Datasets.MNIST, Datasets.FASHION_MNIST}, defaultValue = Datasets.MNIST)
        String dataset,
        Split split,
        List<@NotNull @Min(0) @Max(Datasets.CLASSES - 1) Integer> omitClasses,
        List<@NotNull @Min(0) @Max(Datasets.CLASSES - 1) Integer> onlyClasses,
        Optional<@Positive Integer> limit,
        Combine combine,
        Optional<@Valid TransferSetPlan> plan) implements CrossFieldChecked {

    @Override
    public List<FieldProblem> crossFieldProblems() {
        List<FieldProblem> problems = new ArrayList<>();
        boolean byModels = teacherModelIds != null && !teacherModelIds.isEmpty();
        boolean byJob = teacherJobId != null && !teacherJobId.isBlank();
        if (byModels == byJob) {
            problems.add(new FieldProblem("teacherModelIds",
                    "give either teacherModelIds (a non-empty list) or teacherJobId, not both and not neither"));
        }
        problems.addAll(classProblems(omitClasses, onlyClasses));
        return problems;
    }

    /** The rules between {@code omitClasses} and {@code onlyClasses}, shared with a plan's entries. */
    static List<FieldProblem> classProblems(List<Integer> omit, List<Integer> only) {
        List<FieldProblem> problems = new ArrayList<>();
        if (omit != null && !omit.isEmpty() && only != null && !only.isEmpty()) {
            problems.add(new FieldProblem("omitClasses", "conflicts with onlyClasses: give one or the other"));
        }
        if (omit != null && new TreeSet<>(omit).size() >= Datasets.CLASSES) {
            problems.add(new FieldProblem("omitClasses", "leaves no class to keep"));
        }
        return problems;
    }

    /** The request with the contract's defaults in place of absent fields. */
    public TransferSetRequest withDefaults() {
        return new TransferSetRequest(
                teacherModelIds == null ? List.of() : teacherModelIds,
                teacherJobId,
                dataset == null ? Datasets.MNIST : dataset,
                split == null ? Split.TRAIN : split,
                omitClasses == null ? List.of() : omitClasses,
                onlyClasses == null ? List.of() : onlyClasses,
                limit == null ? Optional.empty() : limit,
                combine == null ? Combine.ARITHMETIC : combine,
                plan == null ? Optional.empty() : plan);
    }

    /** The classes this set keeps. */
    public ClassFilter classFilter() {
        return ClassFilter.of(omitClasses, onlyClasses, Datasets.CLASSES);
    }

    /** The manifest's description of this set. */
    public TransferSetManifest.Filters filters() {
        return new TransferSetManifest.Filters(dataset, split.value(), omitClasses, onlyClasses, limit.orElse(null),
                combine.value());
    }

    /** The same request without its plan: two requests that agree on this stream the same events. */
    public TransferSetRequest withoutPlan() {
        return new TransferSetRequest(teacherModelIds, teacherJobId, dataset, split, omitClasses, onlyClasses, limit,
                combine, Optional.empty());
    }

    /** The plan, or null. */
    public TransferSetPlan planOrNull() {
        return plan == null ? null : plan.orElse(null);
    }
}
