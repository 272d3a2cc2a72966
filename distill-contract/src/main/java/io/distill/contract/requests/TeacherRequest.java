package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import io.distill.contract.jobs.Ids;
import io.distill.contract.json.Json;
import io.distill.contract.records.Builder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /teachers}. Every field is optional; teacher-service's {@code TeacherDefaults} fill in
 * what is absent, and the job keeps the completed request so a replica that takes it over runs the
 * same training.
 *
 * @param dataset            {@code mnist} or {@code fashion-mnist}
 * @param hidden             hidden layer widths of an MLP, the shorthand for {@code architecture}
 * @param architecture       the net, when it is not the MLP of {@code hidden}; absent: that MLP
 * @param maxNorm            bound on each hidden unit's incoming weight norm; {@code null} turns it off
 * @param maxNorms           bounds per layer in place of {@code maxNorm}: one per dense hidden layer, in order,
 *                           and optionally one more for the output layer's units; absent: {@code maxNorm} for
 *                           every hidden layer
 * @param maxNormEvery       apply the bound after every this many steps
 * @param jitter             random translation of training images, in pixels, fresh each epoch
 * @param finalMomentum      momentum at the end of the ramp; {@code null} keeps {@code momentum}
 * @param momentumRampEpochs epochs over which momentum rises to {@code finalMomentum}
 * @param warmupEpochs       epochs of linear learning-rate warm-up (capped at {@code epochs - 1})
 * @param decay              with the exponential schedule, the factor applied each epoch
 * @param clipGradient       bound on each gradient element; {@code null}: none
 * @param patience           early stopping after this many epochs without a better validation error
 * @param trainLimit         only the first N training examples; {@code null}: the whole training split
 * @param validationInTraining train on the training and validation splits together (MNIST's 60,000), with no
 *                           validation curve: a final teacher, whose epochs were chosen on the split
 * @param ensembleSize       members, trained with seeds {@code seed}, {@code seed+1}, ...
 * @param plan               the pipeline plan that travels on in each member's {@code ModelReady}
 * @param reuse              a succeeded teacher job whose models this job announces again, with {@code plan},
 *                           instead of training: its students can be rerun without retraining it. Nothing
 *                           but {@code plan} goes beside it; the job records the reused job's settings
 */
@Builder
@CrossField
public record TeacherRequest(
        @Pattern(regexp = DatasetNames.NAME_PATTERN, message = DatasetNames.NAME_MESSAGE)
        @Schema(description = "A registered data set's id or name (GET /datasets), or a built-in one: mnist,"
                + " fashion-mnist", defaultValue = DatasetNames.MNIST)
        String dataset,
        @Size(min = 1, max = Bounds.MAX_LAYERS) List<@NotNull @Min(1) @Max(Bounds.MAX_WIDTH) Integer> hidden,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "The net, when it is not the mlp that hidden stands for: {\"type\": \"cnn\", \"conv\":"
                + " [{\"filters\": 32, \"kernel\": 3, \"pool\": 2}], \"hidden\": [128]}. Give hidden or"
                + " architecture, not both.")
        @Valid ArchitectureRequest architecture,
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double inputDropout,
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double hiddenDropout,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<@Positive Double> maxNorm,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Bounds per layer in place of maxNorm: one per dense hidden layer, in order, and"
                + " optionally one more for the output layer's units, such as [3.1, 1.94]")
        @Size(min = 1, max = Bounds.MAX_LAYERS + 1) List<@NotNull @Positive Double> maxNorms,
        @Positive Integer maxNormEvery,
        @Min(0) @Max(8) Integer jitter,
        @Positive @Max(100_000) Integer epochs,
        @Positive @Max(65_536) Integer batchSize,
        Optimizer optimizer,
        @Positive Double learningRate,
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double momentum,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<@DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double> finalMomentum,
        @PositiveOrZero Integer momentumRampEpochs,
        @PositiveOrZero Integer warmupEpochs,
        Schedule schedule,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double decay,
        @PositiveOrZero Double weightDecay,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<@Positive Double> clipGradient,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<@Positive Integer> patience,
        Long seed,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<@Positive Integer> trainLimit,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Train on the training and validation splits together (MNIST's 60,000), with no"
                + " validation curve: a final teacher, whose epochs were chosen on the split", defaultValue = "false")
        Boolean validationInTraining,
        @Min(1) @Max(MAX_ENSEMBLE) Integer ensembleSize,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<@Valid Plan> plan,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)
        @Schema(description = "A succeeded teacher job (GET /teachers) whose models this job announces again with"
                + " plan, instead of training: its students rerun without retraining the teacher. Only plan goes"
                + " beside it; the job records the reused job's settings.")
        String reuse) implements CrossFieldChecked, TrainsNet, TeacherRequestBuilder.With {

    /** The most members one job may train. */
    public static final int MAX_ENSEMBLE = 32;

    @Override
    public List<FieldProblem> crossFieldProblems() {
        if (reuse != null) {
            return reuseProblems();
        }
        List<FieldProblem> problems = new ArrayList<>(ArchitectureRequest.shorthandProblems(hidden, architecture));
        if (maxNorms != null && maxNorm != null && maxNorm.isPresent()) {
            problems.add(new FieldProblem("maxNorms", "and maxNorm are both given; maxNorms bounds each layer in"
                    + " place of maxNorm, so give one of them"));
        }
        return problems;
    }

    /**
     * What is wrong with {@code maxNorms} for a net of {@code denseHidden} dense hidden layers; empty when
     * nothing is, or when it is absent.
     */
    public List<FieldProblem> maxNormsProblems(int denseHidden) {
        return maxNorms == null ? List.of() : maxNormsCountProblem(maxNorms.size(), denseHidden).stream()
                .map(problem -> new FieldProblem("maxNorms", problem)).toList();
    }

    /**
     * What is wrong with {@code count} per-layer bounds for a net of {@code denseHidden} dense hidden layers:
     * one per hidden layer, or one more for the output layer; empty when nothing is.
     */
    public static Optional<String> maxNormsCountProblem(int count, int denseHidden) {
        if (count == denseHidden || count == denseHidden + 1) {
            return Optional.empty();
        }
        return Optional.of("has " + count + " bounds, expected " + denseHidden + " (one per hidden layer) or "
                + (denseHidden + 1) + " (and one for the output layer)");
    }

    /** Whether this teacher trains on the validation split too (a final teacher), leaving nothing to validate on. */
    public boolean trainsOnValidation() {
        return Boolean.TRUE.equals(validationInTraining);
    }

    /** With {@code reuse}, any field given beside {@code plan}: the reused job's settings are its models'. */
    private List<FieldProblem> reuseProblems() {
        Map<String, Object> fields = Json.mapper().convertValue(withPlan(null).withReuse(null),
                new TypeReference<Map<String, Object>>() {});
        return fields.entrySet().stream().filter(field -> field.getValue() != null).limit(1)
                .map(field -> new FieldProblem(field.getKey(), "is given beside reuse, which takes the reused job's"
                        + " settings with its models; send only reuse and plan"))
                .toList();
    }

    /** The plan, or null. */
    public Plan planOrNull() {
        return plan == null ? null : plan.orElse(null);
    }
}
