package io.distill.contract.metrics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.distill.contract.records.Builder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A teacher job's metrics, and each teacher model's. For an ensemble they score the arithmetic mean
 * of the members' probabilities, list the members, and leave the training fields out.
 *
 * <p>Only {@code testErrors} and {@code testTotal} are sure to be there: the other fields are null in
 * metrics an older producer wrote without them.
 *
 * @param testLoss           mean cross-entropy on the test split
 * @param perClassErrors     test errors among the examples of each true class
 * @param confusionMatrix    {@code [true][predicted]} test counts
 * @param epochsRun          epochs this run trained (fewer than planned after a resume or early stop); a
 *                           single model only
 * @param lastEpoch          epochs done in all, those before a resume included; a single model only
 * @param examplesPerSecond  training speed, rounded; a single model only
 * @param trainSeconds       wall time from the first epoch to scoring, rounded; a single model only
 * @param members            each member's scores; an ensemble only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"kind"})
@JsonIgnoreProperties(value = "kind", allowGetters = true)
@JsonDeserialize(using = JsonDeserializer.None.class)
@Builder
public record TeacherMetrics(
        int testErrors,
        int testTotal,
        Double testLoss,
        Integer validationErrors,
        Integer validationTotal,
        List<Integer> perClassErrors,
        List<List<Integer>> confusionMatrix,
        Integer epochsRun,
        Integer lastEpoch,
        Long examplesPerSecond,
        Long trainSeconds,
        List<Member> members) implements ModelMetrics {

    public static final String KIND = "teacher";

    /** One member of a teacher ensemble, as its own metrics scored it. */
    public record Member(String modelId, long seed, int testErrors, Integer validationErrors) {}

    /** One teacher's metrics, from its scores and its training run. */
    public static TeacherMetrics of(EvalResult test, EvalResult validation, TrainingSummary run, double seconds) {
        return scores(test, validation).epochsRun(run.epochsRun()).lastEpoch(run.lastEpoch())
                .examplesPerSecond(Math.round(run.examplesPerSecond())).trainSeconds(Math.round(seconds)).build();
    }

    /** An ensemble's metrics, from the scores of its combined prediction and its members. */
    public static TeacherMetrics ensemble(EvalResult test, EvalResult validation, List<Member> members) {
        return scores(test, validation).members(List.copyOf(members)).build();
    }

    /** The metrics of a teacher trained elsewhere and imported: its scores, without a training run. */
    public static TeacherMetrics imported(EvalResult test, EvalResult validation) {
        return scores(test, validation).build();
    }

    /** Metrics that give only the test score, as a test fixture or a minimal producer writes them. */
    public static TeacherMetrics testOnly(int testErrors, int testTotal) {
        return TeacherMetricsBuilder.builder().testErrors(testErrors).testTotal(testTotal).build();
    }

    private static TeacherMetricsBuilder scores(EvalResult test, EvalResult validation) {
        return TeacherMetricsBuilder.builder().testErrors(test.errors()).testTotal(test.total()).testLoss(test.loss())
                .validationErrors(validation == null ? null : validation.errors())
                .validationTotal(validation == null ? null : validation.total())
                .perClassErrors(Lists.of(test.perClassErrors())).confusionMatrix(Lists.of(test.confusion()));
    }

    @Override
    @JsonProperty("kind")
    @Schema(description = "Which record these metrics are.", enumeration = KIND)
    public String kind() {
        return KIND;
    }
}
