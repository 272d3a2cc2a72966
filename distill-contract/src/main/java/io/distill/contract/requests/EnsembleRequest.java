package io.distill.contract.requests;

import io.distill.contract.jobs.Ids;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
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
 * @param useSoftTargets          false: hard labels only (the paper); true: also the generalist's soft
 *                                targets restricted to the subset and the dustbin, at {@code temperature}
 * @param softWeight              weight of the T²-scaled soft term when {@code useSoftTargets}
 * @param control                 true: also train the compute-matched control, the generalist trained on the
 *                                whole transfer set for as many examples as all the specialists together
 * @param waitForInputs           true: an unknown generalist or transfer set is waited for, not refused
 * @param plan                    a plan that travels on in {@code EnsembleReady}
 */
@CrossField
@Schema(description = "A generalist-plus-specialists ensemble to build. Absent fields take the service's defaults.")
public record EnsembleRequest(
        @NotBlank(groups = Submitted.class) @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)
        String generalistModelId,
        @NotBlank(groups = Submitted.class) @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)
        String transferSetId,
        @Min(1) @Max(DatasetNames.CLASSES) Integer specialists,
        @Min(1) @Max(value = DatasetNames.CLASSES - 1, message = "must be at most {value}, so that each specialist"
                + " keeps a dustbin class") Integer maxClassesPerSpecialist,
        @Min(0) @Max(DatasetNames.CLASSES - 1) Integer overlap,
        @Min(1) @Max(DatasetNames.CLASSES) Integer topN,
        @Positive @Max(100_000) Integer epochs,
        @Positive @Max(65_536) Integer batchSize,
        @Positive Double learningRate,
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double momentum,
        Long seed,
        Boolean useSoftTargets,
        @Positive @Max(1_000) Double temperature,
        @DecimalMin("0") @DecimalMax("1") Double softWeight,
        Boolean control,
        Boolean waitForInputs,
        Optional<@Valid Plan> plan) implements CrossFieldChecked {

    @Override
    public List<FieldProblem> crossFieldProblems() {
        if (Boolean.TRUE.equals(useSoftTargets) && softWeight != null && softWeight == 0) {
            return List.of(new FieldProblem("softWeight", "is 0, but useSoftTargets asks for a soft term"));
        }
        return List.of();
    }

    /**
     * The same request as a plan entry of transfer set {@code transferSet} becomes a job: the set's
     * first teacher is the generalist unless the entry names one, and the job waits for its inputs,
     * since the teacher's {@code ModelReady} may arrive after the manifest.
     */
    public EnsembleRequest forTransferSet(String transferSet, String firstTeacher) {
        return new EnsembleRequest(generalistModelId != null ? generalistModelId : firstTeacher, transferSet,
                specialists, maxClassesPerSpecialist, overlap, topN, epochs, batchSize, learningRate, momentum, seed,
                useSoftTargets, temperature, softWeight, control, true, plan);
    }

    /** The same request without its plan, as it is recorded with the ensemble. */
    public EnsembleRequest withoutPlan() {
        return new EnsembleRequest(generalistModelId, transferSetId, specialists, maxClassesPerSpecialist, overlap,
                topN, epochs, batchSize, learningRate, momentum, seed, useSoftTargets, temperature, softWeight,
                control, waitForInputs, Optional.empty());
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
