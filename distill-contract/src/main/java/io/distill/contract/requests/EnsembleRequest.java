package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.distill.contract.jobs.Ids;
import io.distill.contract.records.Builder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /ensembles}, or an ensemble in a plan: a generalist and its specialists. The generalist
 * and the transfer set are required when posted (in a plan the pipeline fills them in);
 * specialist-service's {@code SpecialistDefaults} fill in the rest.
 *
 * @param generalistModelId       a teacher or student, known from its {@code ModelReady}
 * @param transferSetId           the generalist's soft targets over the data the specialists train on
 * @param specialists             how many clusters of classes, so at most how many specialists
 * @param maxClassesPerSpecialist the most classes in one subset, below the class count (a dustbin remains)
 * @param overlap                 how many nearest classes of other subsets each subset also takes
 * @param topN                    how many of the generalist's top classes pick the active specialists
 * @param mode                    what the specialists learn from: {@code hard}, labels only (the paper), or
 *                                {@code distill}, also the generalist's soft targets restricted to the subset
 *                                and the dustbin, at {@code temperature}; a mode without the hard term is refused.
 *                                Left out of the JSON when absent, so requests and plans that do not give it
 *                                read and write as they did before it existed
 * @param useSoftTargets          the older name for {@code mode}, still accepted: false is {@code hard}, true
 *                                {@code distill}. A request may give both only if they agree; a completed
 *                                request carries both, so a reader that knows only this one still understands it
 * @param softWeight              weight of the T²-scaled soft term when the mode has one; the hard term gets
 *                                1 minus it
 * @param control                 true: also train the compute-matched control, the generalist trained on the
 *                                whole transfer set for as many examples as all the specialists together
 * @param waitForInputs           true: an unknown generalist or transfer set is waited for, not refused
 * @param plan                    a plan that travels on in {@code EnsembleReady}
 */
@Builder
@CrossField
@Schema(description = "A generalist-plus-specialists ensemble to build. Absent fields take the service's defaults.")
public record EnsembleRequest(
        @NotBlank(groups = Submitted.class) @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)
        String generalistModelId,
        @NotBlank(groups = Submitted.class) @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)
        String transferSetId,
        @Min(1) @Max(Bounds.MAX_CLASSES) Integer specialists,
        @Min(1) @Max(Bounds.MAX_CLASSES - 1) Integer maxClassesPerSpecialist,
        @Min(0) @Max(Bounds.MAX_CLASSES - 1) Integer overlap,
        @Min(1) @Max(Bounds.MAX_CLASSES) Integer topN,
        @Positive @Max(100_000) Integer epochs,
        @Positive @Max(65_536) Integer batchSize,
        @Positive Double learningRate,
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double momentum,
        Long seed,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "What the specialists learn from: hard (labels only, the paper's, the default) or"
                + " distill (also the generalist's soft targets).")
        StudentMode mode,
        @Schema(description = "The older name for mode, still accepted: false is hard, true is distill. Give"
                + " both only if they agree.")
        Boolean useSoftTargets,
        @Positive @Max(1_000) Double temperature,
        @DecimalMin("0") @DecimalMax("1") Double softWeight,
        Boolean control,
        Boolean waitForInputs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<@Valid Plan> plan) implements CrossFieldChecked, EnsembleRequestBuilder.With {

    @Override
    public List<FieldProblem> crossFieldProblems() {
        List<FieldProblem> problems = new ArrayList<>();
        if (mode != null && !mode.forEnsembles()) {
            problems.add(new FieldProblem("mode", "is " + mode.value() + ", but specialists always learn the hard"
                    + " labels of their subset and dustbin; use " + StudentMode.ensembleModes()));
        } else if (mode != null && useSoftTargets != null && useSoftTargets != mode.softTerm()) {
            problems.add(new FieldProblem("useSoftTargets", "is " + useSoftTargets + ", but mode is " + mode.value()
                    + "; useSoftTargets is the older name for mode: give one, or both agreeing"));
        }
        StudentMode learning = modeOrAlias();
        if (learning != null && learning.softTerm() && softWeight != null && softWeight == 0) {
            problems.add(new FieldProblem("softWeight", "is 0, but " + (mode != null ? "mode " + mode.value()
                    : "useSoftTargets") + " asks for a soft term"));
        }
        return problems;
    }

    /**
     * What the specialists learn from: {@code mode}, else what {@code useSoftTargets} stands for (as in a
     * request stored before {@code mode} existed); null when neither is given.
     */
    public StudentMode modeOrAlias() {
        return mode != null ? mode : useSoftTargets == null ? null : StudentMode.ofUseSoftTargets(useSoftTargets);
    }

    /** Whether the specialists (and the control) also learn the generalist's soft targets. */
    public boolean learnsSoftTargets() {
        StudentMode learning = modeOrAlias();
        return learning != null && learning.softTerm();
    }

    /**
     * The same request as a plan entry of transfer set {@code transferSet} becomes a job: the set's
     * first teacher is the generalist unless the entry names one, and the job waits for its inputs,
     * since the teacher's {@code ModelReady} may arrive after the manifest.
     */
    public EnsembleRequest forTransferSet(String transferSet, String firstTeacher) {
        return EnsembleRequestBuilder.builder(this)
                .generalistModelId(generalistModelId != null ? generalistModelId : firstTeacher)
                .transferSetId(transferSet).waitForInputs(true).build();
    }

    /** The same request without its plan, as it is recorded with the ensemble. */
    public EnsembleRequest withoutPlan() {
        return withPlan(Optional.empty());
    }

    /** The plan, or null. */
    public Plan planOrNull() {
        return plan == null ? null : plan.orElse(null);
    }

    /** Whether the ensemble also trains its control; a request stored before controls existed does not. */
    public boolean trainsControl() {
        return Boolean.TRUE.equals(control);
    }
}
