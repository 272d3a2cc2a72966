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
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /students}, or a student in a plan. Only {@code transferSetId} is required (and in a
 * plan the pipeline fills it in); student-service's {@code StudentDefaults} fill in the rest, some of
 * them by {@code mode}.
 *
 * @param architecture       the net, when it is not the MLP of {@code hidden}; give one of them, not both
 * @param mode               what the student learns from
 * @param temperature        T of the soft term; the T² scaling is always applied to it
 * @param softWeight         weight of the T²-scaled soft term
 * @param hardWeight         weight of the hard-label term
 * @param warmupEpochs       epochs of linear learning-rate warm-up (capped at {@code epochs - 1})
 * @param clipGradient       bound on each gradient element; {@code null}: none
 * @param biasAdjust         {@code auto}: after training, raise the biases of the classes the transfer
 *                           set lacks by the amount that is best on the validation split
 * @param waitForTransferSet true: an unknown transfer set is waited for rather than refused with 404
 * @param plan               a plan that travels on in the student's {@code ModelReady}
 */
@Builder
@CrossField
@Schema(description = "A student to train from a transfer set. Absent fields take the service's defaults.")
public record StudentRequest(
        @NotBlank(groups = Submitted.class) @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String transferSetId,
        @Size(min = 1, max = Bounds.MAX_LAYERS) List<@NotNull @Min(1) @Max(Bounds.MAX_WIDTH) Integer> hidden,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "The net, when it is not the mlp that hidden stands for: {\"type\": \"cnn\", \"conv\":"
                + " [{\"filters\": 32, \"kernel\": 3, \"pool\": 2}], \"hidden\": [128]}. Give hidden or"
                + " architecture, not both.")
        @Valid ArchitectureRequest architecture,
        StudentMode mode,
        @Positive @Max(1_000) Double temperature,
        @PositiveOrZero Double softWeight,
        @PositiveOrZero Double hardWeight,
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double inputDropout,
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double hiddenDropout,
        @Positive @Max(100_000) Integer epochs,
        @Positive @Max(65_536) Integer batchSize,
        Optimizer optimizer,
        @Positive Double learningRate,
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double momentum,
        @PositiveOrZero Integer warmupEpochs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<@Positive Double> clipGradient,
        Long seed,
        BiasAdjust biasAdjust,
        Boolean waitForTransferSet,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<@Valid Plan> plan) implements CrossFieldChecked, TrainsNet, StudentRequestBuilder.With {

    @Override
    public List<FieldProblem> crossFieldProblems() {
        List<FieldProblem> problems = new ArrayList<>(ArchitectureRequest.shorthandProblems(hidden, architecture));
        if (mode != null) {
            problems.addAll(mode.weightProblems(softWeight, hardWeight));
        }
        if (softWeight != null && hardWeight != null && softWeight == 0 && hardWeight == 0) {
            problems.add(new FieldProblem("softWeight", "and hardWeight are both 0; at least one must be above 0"));
        }
        return problems;
    }

    /** The same request for transfer set {@code id}, as a plan entry becomes a job. */
    public StudentRequest forTransferSet(String id) {
        return withTransferSetId(id);
    }

    /** The same request without its plan, as it is recorded with the model. */
    public StudentRequest withoutPlan() {
        return withPlan(Optional.empty());
    }

    /** The plan, or null. */
    public Plan planOrNull() {
        return plan == null ? null : plan.orElse(null);
    }
}
