package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.distill.contract.jobs.Ids;
import io.distill.contract.records.Builder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * @param copies          events per example: the image and {@code copies - 1} translated copies (beyond the
 *                        paper, whose transfer set has no translations)
 * @param jitter          the largest shift of a copy, in pixels each way
 * @param augmentSeed     keys each copy's shift, with its example id and copy number
 * @param plan            students and ensembles to start on this set, copied into its manifest
 */
@Builder
@CrossField
public record TransferSetRequest(
        @Size(max = Bounds.MAX_TEACHERS)
        List<@NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String> teacherModelIds,
        @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String teacherJobId,
        @Pattern(regexp = DatasetNames.NAME_PATTERN, message = DatasetNames.NAME_MESSAGE)
        @Schema(description = "A registered data set's id or name (GET /datasets), or a built-in one: mnist,"
                + " fashion-mnist", defaultValue = DatasetNames.MNIST)
        String dataset,
        Split split,
        @Size(max = Bounds.MAX_CLASSES) List<@NotNull @Min(0) @Max(Bounds.MAX_CLASSES - 1) Integer> omitClasses,
        @Size(max = Bounds.MAX_CLASSES) List<@NotNull @Min(0) @Max(Bounds.MAX_CLASSES - 1) Integer> onlyClasses,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<@Positive Integer> limit,
        Combine combine,
        @Min(1) @Max(MAX_COPIES)
        @Schema(description = COPIES, defaultValue = "1")
        Integer copies,
        @Min(0) @Max(MAX_JITTER)
        @Schema(description = JITTER, defaultValue = "0")
        Integer jitter,
        @Schema(description = AUGMENT_SEED, defaultValue = "1")
        Long augmentSeed,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<@Valid TransferSetPlan> plan) implements CrossFieldChecked, TransferSetRequestBuilder.With {

    /** The most events per example. */
    public static final int MAX_COPIES = 32;
    /** The largest shift of a copy, in pixels; the teacher's own jitter has the same bound. */
    public static final int MAX_JITTER = 8;

    static final String COPIES = "Events per example: copy 0 is the image itself, copies 1 and up are translated by up"
            + " to jitter pixels each way, each with the teacher's logits on the translated pixels. 1 is the paper's"
            + " transfer set, which has no translations.";
    static final String JITTER = "The largest shift of a copy, in pixels each way; each copy's shift is drawn uniformly"
            + " from [-jitter, jitter] in x and y. At least 1 when copies is above 1; no effect with one copy.";
    static final String AUGMENT_SEED = "Keys each copy's shift together with its exampleId and copy number, so the"
            + " same set streams the same events every time.";

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
        problems.addAll(augmentationProblems(copies, jitter));
        return problems;
    }

    /** The rule between {@code copies} and {@code jitter}, shared with a plan's entries. */
    static List<FieldProblem> augmentationProblems(Integer copies, Integer jitter) {
        int shift = jitter == null ? Augmentation.NONE.jitter() : jitter;
        if (copies != null && copies > 1 && shift < 1) {
            return List.of(new FieldProblem("jitter", "must be at least 1 when copies is " + copies + " (is " + shift
                    + "): copies that are not moved would repeat the original"));
        }
        return List.of();
    }

    /** The rules between {@code omitClasses} and {@code onlyClasses}, shared with a plan's entries. */
    static List<FieldProblem> classProblems(List<Integer> omit, List<Integer> only) {
        List<FieldProblem> problems = new ArrayList<>();
        if (omit != null && !omit.isEmpty() && only != null && !only.isEmpty()) {
            problems.add(new FieldProblem("omitClasses", "conflicts with onlyClasses: give one or the other"));
        }
        return problems;
    }

    /** The request with the contract's defaults in place of absent fields. */
    public TransferSetRequest withDefaults() {
        return TransferSetRequestBuilder.builder(this)
                .teacherModelIds(teacherModelIds == null ? List.of() : teacherModelIds)
                .dataset(dataset == null ? DatasetNames.MNIST : dataset)
                .split(split == null ? Split.TRAIN : split)
                .omitClasses(omitClasses == null ? List.of() : omitClasses)
                .onlyClasses(onlyClasses == null ? List.of() : onlyClasses)
                .limit(limit == null ? Optional.empty() : limit)
                .combine(combine == null ? Combine.ARITHMETIC : combine)
                .copies(copies == null ? Augmentation.NONE.copies() : copies)
                .jitter(jitter == null ? Augmentation.NONE.jitter() : jitter)
                .augmentSeed(augmentSeed == null ? Augmentation.NONE.seed() : augmentSeed)
                .plan(plan == null ? Optional.empty() : plan)
                .build();
    }

    /** The classes this set keeps, out of its data set's {@code classes}. */
    public ClassFilter classFilter(int classes) {
        return ClassFilter.of(omitClasses, onlyClasses, classes);
    }

    /** The jittered copies this set streams of each example. */
    public Augmentation augmentation() {
        return new Augmentation(copies, jitter, augmentSeed);
    }

    /** The same request without its plan: two requests that agree on this stream the same events. */
    public TransferSetRequest withoutPlan() {
        return withPlan(Optional.empty());
    }

    /** The plan, or null. */
    public TransferSetPlan planOrNull() {
        return plan == null ? null : plan.orElse(null);
    }
}
